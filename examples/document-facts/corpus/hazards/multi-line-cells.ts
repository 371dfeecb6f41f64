import type { CorpusCase } from '../corpus-case.ts'
import type { TextRun } from '../pdf-writer.ts'
import { textWidth } from '../pdf-writer.ts'

// Row labels wrapped over two lines, the values vertically centred between them.
const ROWS: [string, string, string[]][] = [
  ['Kestrel Valley', 'Water Board', ['14.2', '9.8']],
  ['Harrow Moor', 'Fire Service', ['6.5', '7.1']],
  ['Lindell Coast', 'Harbour Trust', ['22.9', '18.4']],
  ['Oxley Fen', 'Drainage Office', ['3.3', '4.0']],
]
const TOP = 720

/** A table whose label cells wrap over two lines, values centred between them. */
export const multiLineCells: CorpusCase = {
  id: 'gen-multi-line-cells',
  layout: 'multi-line-cells',
  title: 'Operating budgets of public bodies',
  hard: 'row labels wrapped over two lines, the values set between the two lines',
  facts: ROWS.flatMap(([first, , values]) => values.map((v, ordinal) => ({ key: first.split(' ')[0]!.toLowerCase(), value: v, ordinal }))),
  pages: () => {
    const runs: TextRun[] = [{ text: 'Operating budgets of public bodies (million)', x: 72, y: 770, size: 12 }]
    ;['Budget', 'Spent'].forEach((h, c) => runs.push({ text: h, x: 330 + c * 80 - textWidth(h, 9), y: TOP + 18, size: 9 }))
    ROWS.forEach(([first, second, values], r) => {
      const y = TOP - r * 30
      runs.push({ text: first, x: 72, y, size: 10 })
      values.forEach((v, c) => runs.push({ text: v, x: 330 + c * 80 - textWidth(v, 10), y: y - 6, size: 10 }))
      runs.push({ text: second, x: 72, y: y - 12, size: 10 })
    })
    return [{ runs }]
  },
}
