import type { Token } from './tokenize.ts'

/** A fact read from one page, before it gets its document-wide id. */
export interface PageFact {
  kind: 'number' | 'date'
  /** Up to `labelWords` content words before the quantity, lower-case, space-separated. */
  label: string
  /** Position of the quantity among those after the same label (a table row's column). */
  ordinal: number
  value: string
  unit: string
  /** The quantity as the engine wrote it. */
  raw: string
  /** The words before the quantity as the engine wrote them (up to 8), then the quantity. */
  context: string
}

// Function words carry no label information; English plus the German of the lecture notes.
const STOPWORDS = new Set([
  'a', 'an', 'the', 'of', 'in', 'on', 'at', 'to', 'by', 'for', 'and', 'or', 'is', 'was', 'were', 'are', 'be', 'been', 'its', 'it',
  'as', 'with', 'from', 'per', 'this', 'that', 'than', 'into', 'only', 'has', 'had', 'have', 'which', 'while',
  'der', 'die', 'das', 'und', 'ist', 'von', 'mit', 'den', 'dem', 'des', 'ein', 'eine', 'im', 'zu', 'für', 'auf', 'sei', 'es',
])

/**
 * Reads facts from a page's tokens. A fact is a quantity with the content
 * words right before it (its label) and its position among the quantities
 * since those words (its ordinal). In a table row `Aberdeen 78 61 57` that is
 * the row label and the column; in prose, the words that introduce the
 * number. A sentence end clears the label; a quantity with no new words
 * before it keeps the previous label with the next ordinal.
 *
 * @example
 * readFacts(tokenize('Aberdeen 78 61'), 3) // aberdeen#0 = 78, aberdeen#1 = 61
 */
export function readFacts(tokens: readonly Token[], labelWords: number): PageFact[] {
  const facts: PageFact[] = []
  let words: string[] = []
  let rawWords: string[] = []
  let label = ''
  let ordinal = 0
  let fresh = false
  for (const token of tokens) {
    if (token.type === 'end') {
      words = []
      rawWords = []
      label = ''
      ordinal = 0
      continue
    }
    if (token.type === 'word') {
      if (!fresh) {
        words = []
        rawWords = []
        fresh = true
      }
      rawWords.push(token.text)
      const word = token.text.toLowerCase().replace(/[’']/g, '')
      if (!STOPWORDS.has(word)) words.push(word)
      continue
    }
    if (fresh) {
      const next = words.slice(-labelWords).join(' ')
      ordinal = next === '' && label !== '' ? ordinal + 1 : 0
      if (next !== '') label = next
      fresh = false
    } else {
      ordinal += 1
    }
    facts.push({ kind: token.kind, label, ordinal, value: token.value, unit: token.unit, raw: token.raw, context: [...rawWords.slice(-8), token.raw].join(' ') })
  }
  return facts
}
