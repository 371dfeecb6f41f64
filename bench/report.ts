/** How one measured figure compares with its target. */
export type Verdict = 'met' | 'missed' | 'info' | 'skipped'

/** One line of the results table. */
export interface Row {
  measure: string
  /** The median (or count) as shown. */
  value: string
  /** The target as shown, when the figure has one. */
  target?: string
  verdict: Verdict
  /** For a missed target: by how much, e.g. `2.7× over`. */
  by?: string
}

/** What one benchmark reports. */
export interface Outcome {
  rows: Row[]
  /** Method, caveats, profile findings: Markdown blocks, rendered one after another. */
  notes: string[]
}

/** A benchmark's outcome with its identity and cost. */
export interface Section extends Outcome {
  id: string
  /** The benchmark's number in issue 7 (3a and 3b share one). */
  number: string
  title: string
  seconds: number
}

const mark: Record<Verdict, string> = { met: 'met', missed: '**missed**', info: '', skipped: 'skipped' }

/** The Markdown of bench/RESULTS.md. */
export function renderResults(sections: readonly Section[], machine: string, totalSeconds: number): string {
  const lines = [
    '# Benchmark results',
    '',
    'Written by `npm run bench` (bench/index.ts) from one real run; do not edit by hand.',
    'Ratios are measured within the same run (absolute times are not comparable between runs on these shared machines).',
    '',
    `- Machine: ${machine}`,
    `- Date: ${new Date().toISOString().slice(0, 10)}`,
    `- Total bench time: ${totalSeconds.toFixed(0)} s`,
    '',
    '| # | Benchmark | Measure | Median / value | Target | Verdict |',
    '| --- | --- | --- | --- | --- | --- |',
  ]
  sections.forEach((s) => {
    for (const r of s.rows) lines.push(`| ${s.number} | ${s.title} | ${r.measure} | ${r.value} | ${r.target ?? ''} | ${mark[r.verdict]}${r.by ? ` (${r.by})` : ''} |`)
  })
  for (const s of sections) {
    lines.push('', `## ${s.number}. ${s.title}`, '', `(${s.seconds.toFixed(1)} s)`, '')
    for (const n of s.notes) lines.push(n, '')
  }
  return `${lines.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`
}

/**
 * bench/RESULTS.md with some benchmarks rerun (`npm run bench -- <id> --update`):
 * their rows in the summary table and their sections are replaced (or added,
 * in benchmark order), everything else is kept as the earlier run wrote it.
 */
export function updateResults(existing: string, sections: readonly Section[], order: readonly string[]): string {
  const lines = existing.trimEnd().split('\n')
  const numberOf = (line: string): string | undefined => /^\| ([0-9a-z]+) \|/.exec(line)?.[1]
  const fresh = renderResults(sections, '', 0).split('\n')
  // The summary table only: a section's own tables (in its notes) may have rows that start with a number too.
  const summaryEnd = fresh.findIndex((l) => l.startsWith('## '))
  const freshRows = fresh.slice(0, summaryEnd === -1 ? undefined : summaryEnd).filter((l) => numberOf(l) !== undefined && sections.some((s) => s.number === numberOf(l)))
  const rerun = new Set(sections.map((s) => s.number))
  const rank = (n: string): number => order.indexOf(n)
  // Summary rows: keep the others, put the rerun ones where their number belongs.
  const tableStart = lines.findIndex((l) => l.startsWith('| --- |'))
  let tableEnd = tableStart + 1
  while (tableEnd < lines.length && lines[tableEnd]!.startsWith('|')) tableEnd++
  const kept = lines.slice(tableStart + 1, tableEnd).filter((l) => !rerun.has(numberOf(l) ?? ''))
  const rows = [...kept, ...freshRows].map((l, i) => ({ l, i })).sort((a, b) => rank(numberOf(a.l)!) - rank(numberOf(b.l)!) || a.i - b.i).map((x) => x.l)
  // Sections: split at "## ", drop the rerun ones, add the fresh ones, order by number.
  const body = lines.slice(tableEnd).join('\n')
  const parts = body.split(/\n(?=## )/).filter((p) => p.trim() !== '')
  const sectionNumber = (p: string): string => /^## ([0-9a-z]+)\./.exec(p.trim())?.[1] ?? ''
  const freshBody = fresh.join('\n').split(/\n(?=## )/).filter((p) => p.startsWith('## '))
  const allParts = [...parts.filter((p) => !rerun.has(sectionNumber(p))).map((p) => p.trim()), ...freshBody.map((p) => p.trim())]
    .sort((a, b) => rank(sectionNumber(a)) - rank(sectionNumber(b)))
  const head = lines.slice(0, tableStart + 1)
  return `${[...head, ...rows, '', allParts.join('\n\n')].join('\n').trimEnd()}\n`
}

/** Milliseconds shown with sensible precision. */
export function ms(x: number): string {
  if (!Number.isFinite(x)) return String(x)
  if (x >= 1000) return `${(x / 1000).toFixed(2)} s`
  if (x >= 10) return `${x.toFixed(0)} ms`
  if (x >= 1) return `${x.toFixed(2)} ms`
  return `${(x * 1000).toFixed(0)} µs`
}

/** A ratio shown with two decimals and a ×. */
export function ratio(x: number): string {
  return x > 0 && x < 0.1 ? `${x.toPrecision(2)}×` : `${x.toFixed(2)}×`
}

/** How far a figure is past an upper bound, as a factor: `2.74× the bound`. */
export function over(value: number, bound: number): string {
  return `${(value / bound).toFixed(2)}× the bound`
}

/** How far a share falls short of a lower bound, in percentage points. */
export function short(value: number, bound: number): string {
  return `${((bound - value) * 100).toFixed(1)} points short`
}
