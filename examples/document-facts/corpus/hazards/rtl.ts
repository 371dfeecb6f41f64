import type { CorpusCase } from '../corpus-case.ts'
import type { TextRun } from '../pdf-writer.ts'
import { textWidth } from '../pdf-writer.ts'

// Hebrew sentences in logical order: words before the number, the number, words after.
const LINES: [string[], string, string[]][] = [
  [['אוכלוסיית', 'העיר'], '45,200', ['תושבים']],
  [['אורך', 'הגשר'], '318', ['מטר']],
  [['תקציב', 'העירייה'], '12.5', ['מיליון']],
  [['מספר', 'התלמידים'], '1,870', []],
  [['גובה', 'ההר'], '1,208', ['מטר']],
]
const RIGHT = 523
// Noto Sans Hebrew averages about 0.6 em a letter; over-estimating only widens the gaps.
const hebrewWidth = (word: string, size: number): number => [...word].length * 0.62 * size
const GAP = 6

/**
 * Right-to-left lines: each Hebrew word drawn as its own run in visual
 * (reversed) order in an embedded Hebrew font, the number in Helvetica
 * between them, laid out from the right margin; runs in logical order.
 */
export const rtl: CorpusCase = {
  id: 'gen-rtl',
  layout: 'rtl',
  title: 'Hebrew municipal figures',
  hard: 'right-to-left Hebrew in an embedded subset font, numbers left-to-right inside the line',
  facts: LINES.map(([before, num]) => ({ key: before.at(-1)!, value: num.replaceAll(',', '') })),
  pages: () => [{
    runs: LINES.flatMap(([before, num, after], i) => {
      const y = 760 - i * 20
      const runs: TextRun[] = []
      let right = RIGHT
      for (const word of before) {
        const w = hebrewWidth(word, 12)
        runs.push({ text: [...word].reverse().join(''), x: right - w, y, size: 12, font: 'hebrew' })
        right -= w + GAP
      }
      const nw = textWidth(num, 12)
      runs.push({ text: num, x: right - nw, y, size: 12 })
      right -= nw + GAP
      for (const word of after) {
        const w = hebrewWidth(word, 12)
        runs.push({ text: [...word].reverse().join(''), x: right - w, y, size: 12, font: 'hebrew' })
        right -= w + GAP
      }
      return runs
    }),
  }],
}
