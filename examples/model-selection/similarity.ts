/** Lower-case word tokens. */
export function tokens(text: string): string[] {
  return text.toLowerCase().match(/[a-z0-9']+/g) ?? []
}

/**
 * Token-overlap F1 between a candidate's continuation and the reference, as
 * in SQuAD-style answer scoring: 1 = same bag of words, 0 = nothing shared.
 */
export function tokenF1(candidate: string, reference: string): number {
  const a = tokens(candidate)
  const b = tokens(reference)
  if (a.length === 0 || b.length === 0) return a.length === b.length ? 1 : 0
  const counts = new Map<string, number>()
  for (const t of b) counts.set(t, (counts.get(t) ?? 0) + 1)
  let common = 0
  for (const t of a) {
    const n = counts.get(t) ?? 0
    if (n > 0) {
      common++
      counts.set(t, n - 1)
    }
  }
  if (common === 0) return 0
  const precision = common / a.length
  const recall = common / b.length
  return (2 * precision * recall) / (precision + recall)
}
