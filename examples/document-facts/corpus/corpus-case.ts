import type { Hazard } from './hazards/hazards.ts'
import type { PageSpec } from './pdf-writer.ts'
import { textWidth } from './pdf-writer.ts'

/** The hard case a generated document exercises. */
export type Layout = 'simple' | 'table' | 'two-column' | 'hyphenation' | 'ligatures' | 'footnotes' | 'units' | 'positioning' | Hazard

/**
 * A fact the generated document is known to contain, in the normalised form
 * the `facts` stage produces: a plain decimal `value` (no thousands
 * separators, `-` for minus) or an ISO date, a canonical `unit`, and one
 * word (`key`) its label must contain.
 */
export interface KnownFact {
  key: string
  value: string
  /** @default no unit */
  unit?: string
  /** Position of the number among the numbers after its label (a table's column). @default not checked */
  ordinal?: number
}

/** One generated document: what it lays out, how, and which facts it holds. */
export interface CorpusCase {
  /** Document id, e.g. `gen-table`. */
  id: string
  layout: Layout
  title: string
  /** One line on what makes this layout hard for extractors. */
  hard: string
  facts: KnownFact[]
  /** The pages, text runs in content-stream order. */
  pages: () => PageSpec[]
}

/** Runs for lines of text set one below the other, from `top` down. */
export function lines(texts: readonly string[], x = 72, top = 770, leading = 16, size = 11): PageSpec['runs'] {
  return texts.map((text, i) => ({ text, x, y: top - i * leading, size }))
}

/** Greedy word wrap of `text` into lines at most `width` points wide in Helvetica at `size`. */
export function wrap(text: string, width: number, size = 11): string[] {
  const out: string[] = []
  let line = ''
  for (const word of text.split(' ')) {
    const next = line ? `${line} ${word}` : word
    if (line && textWidth(next, size) > width) {
      out.push(line)
      line = word
    } else {
      line = next
    }
  }
  if (line) out.push(line)
  return out
}
