import { plural } from './format.ts'

/** How much of the report the Markdown shows. */
export type MarkdownStyle = 'full' | 'compact'

/** Options of `renderMarkdown`. */
export interface MarkdownOptions {
  /**
   * `compact`: failing and inconclusive tests in full, passing ones one line
   * each in a collapsed `<details>`, cut to `maxChars`; `full`: every test in
   * full (passing ones collapsed), never cut.
   * @default 'compact'
   */
  style?: MarkdownStyle
  /**
   * Longest compact Markdown, in characters: GitHub refuses comments over
   * 65,536, and a summary line or two may be added around the report.
   * @default 60_000
   */
  maxChars?: number
  /** Where the full report is (e.g. `butterfly-report.html`), named in the line that says what was cut. */
  fullReport?: readonly string[]
}

/** One test as the Markdown shows it. */
export interface MarkdownSection {
  /** 0: failed; 1: needs a look (inconclusive, vacuous); 2: passed, a known instability (`.fails`) or skipped. */
  rank: number
  /** A `.fails` test that caught its instability: counted apart in the collapsed list's summary. */
  known?: boolean
  /** The full section. */
  full: string
  /** One line for the collapsed list of passing tests. */
  line: string
}

/**
 * Lays out the report's sections: the summary, then tests that need a look
 * in full, failures first; passing tests in a collapsed `<details>`. In the
 * compact style, sections that would take the text past `maxChars` are left
 * out, and a last line says how many and where the full report is.
 */
export function fitMarkdown(head: string, sections: readonly MarkdownSection[], tail: string, options: MarkdownOptions = {}): string {
  const style = options.style ?? 'compact'
  const max = style === 'full' ? Infinity : options.maxChars ?? 60_000
  const ordered = sections.map((s, i) => ({ s, i })).sort((a, b) => (a.s.rank === 2 ? 2 : a.s.rank) - (b.s.rank === 2 ? 2 : b.s.rank) || a.i - b.i).map(({ s }) => s)
  const open = ordered.filter((s) => s.rank < 2)
  const passing = ordered.filter((s) => s.rank === 2)
  const known = passing.filter((s) => s.known).length
  const where = options.fullReport && options.fullReport.length > 0 ? `the full report is in ${options.fullReport.map((f) => `\`${f}\``).join(' and ')}` : 'the full report is in the JSON report'
  // Room kept for the cut line and the closing of <details>.
  const reserve = 200 + where.length
  let out = head
  let left = 0
  const add = (piece: string): boolean => {
    if (out.length + piece.length + tail.length + reserve > max) return false
    out += piece
    return true
  }
  for (const s of open) if (left > 0 || !add(`${s.full}\n`)) left++
  if (passing.length > 0 && left === 0 && add(`<details><summary>✅ ${plural(passing.length, 'passing test')}${known > 0 ? `, ${known} of them known instabilities (\`.fails\`)` : ''}</summary>\n\n`)) {
    for (const s of passing) if (left > 0 || !add(`${style === 'full' ? s.full : s.line}\n`)) left++
    out += '\n</details>\n\n'
  } else {
    left += passing.length
  }
  out += tail
  if (left > 0) out += `> ✂️ ${plural(left, 'test')} of ${sections.length} left out to keep this under ${max.toLocaleString('en-US')} characters; ${where}.\n`
  return `${out.trimEnd()}\n`
}
