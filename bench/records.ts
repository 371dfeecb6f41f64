/** One record of the synthetic stage outputs: about 250 bytes of JSON, with an id. */
export interface BenchRecord {
  id: string
  label: string
  value: number
  unit: string
  text: string
}

const WORDS = ['revenue', 'margin', 'table', 'column', 'footnote', 'ligature', 'hyphen', 'quarter', 'growth', 'units']

/** `n` deterministic records (about 250 bytes of JSON each). */
export function records(n: number): BenchRecord[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `fact-${String(i).padStart(6, '0')}`,
    label: `${WORDS[i % WORDS.length]} ${WORDS[(i * 7) % WORDS.length]} row ${i % 97} col ${i % 13}`,
    value: Math.round(((i * 2654435761) % 1_000_000) / 7) / 100,
    unit: i % 3 === 0 ? 'kg' : i % 3 === 1 ? 'EUR' : '%',
    text: `${WORDS[(i * 3) % WORDS.length]} `.repeat(17 + (i % 8)).trim() + ` (${i})`,
  }))
}

/** A copy of `xs` with every `every`-th record's value changed. */
export function changeEvery(xs: readonly BenchRecord[], every: number): BenchRecord[] {
  return xs.map((r, i) => (i % every === 0 ? { ...r, value: r.value + 1 } : r))
}

/** Size of a value as JSON, in bytes. */
export function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value))
}
