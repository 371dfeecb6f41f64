import type { CorpusCase } from '../corpus-case.ts'
import type { TextRun } from '../pdf-writer.ts'
import { textWidth } from '../pdf-writer.ts'

// Labels in a larger type set 2.5 pt higher than the values (vertically
// centred cells), values far to the right; the generator writes the label
// column first, then each value column top to bottom.
const ROWS: [string, string[]][] = [
  ['Ashby', ['1,204', '1,310', '1,452']],
  ['Corran', ['877', '902', '915']],
  ['Dunmere', ['2,630', '2,588', '2,701']],
  ['Eskholt', ['418', '433', '440']],
  ['Fennick', ['3,095', '3,120', '3,247']],
]
const TOP = 720

/** A table whose row labels are separated from their values by a column boundary and the drawing order. */
export const rowLabels: CorpusCase = {
  id: 'gen-row-labels',
  layout: 'row-labels',
  title: 'Registered voters by parish',
  hard: 'row labels 2.5 pt above their values\' baseline, written as a column before the value columns',
  facts: ROWS.flatMap(([label, values]) => values.map((v, ordinal) => ({ key: label.toLowerCase(), value: v.replaceAll(',', ''), ordinal }))),
  pages: () => {
    const runs: TextRun[] = [{ text: 'Registered voters by parish', x: 72, y: 770, size: 12 }]
    ;['2022', '2023', '2024'].forEach((h, c) => runs.push({ text: h, x: 380 + c * 70 - textWidth(h, 9), y: TOP + 20, size: 9 }))
    ROWS.forEach(([label], r) => runs.push({ text: label, x: 72, y: TOP - r * 18 + 2.5, size: 11 }))
    for (let c = 0; c < 3; c++) {
      ROWS.forEach(([, values], r) => runs.push({ text: values[c]!, x: 380 + c * 70 - textWidth(values[c]!, 9), y: TOP - r * 18, size: 9 }))
    }
    return [{ runs }]
  },
}
