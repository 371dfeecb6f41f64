import type { CorpusCase } from '../corpus-case.ts'
import type { TextRun } from '../pdf-writer.ts'

const ROWS: [string, string, string][] = [
  ['Whitby', '1,482', '37.5'],
  ['Alnmouth', '906', '22.0'],
  ['Seahouses', '2,175', '41.25'],
]

/**
 * A landscape page as many generators write one: a portrait MediaBox with
 * /Rotate 90 and every run drawn turned 90° so it reads upright on screen.
 */
export const rotated: CorpusCase = {
  id: 'gen-rotated',
  layout: 'rotated',
  title: 'Harbour landings (landscape)',
  hard: 'a /Rotate 90 page whose text is drawn at 90° in user space',
  facts: ROWS.flatMap(([label, tonnes, value]) => [
    { key: label.toLowerCase(), value: tonnes.replaceAll(',', ''), ordinal: 0 },
    { key: label.toLowerCase(), value, ordinal: 1 },
  ]),
  pages: () => {
    // Text at 90°: a line runs up the page (+y); the next line is to the right (+x).
    const line = (i: number): number => 72 + i * 18
    const runs: TextRun[] = [{ text: 'Harbour landings by port', x: line(0), y: 72, size: 12, angle: 90 }]
    ROWS.forEach(([label, tonnes, value], r) => {
      runs.push({ text: label, x: line(r + 2), y: 72, size: 11, angle: 90 })
      runs.push({ text: tonnes, x: line(r + 2), y: 300, size: 11, angle: 90 })
      runs.push({ text: value, x: line(r + 2), y: 400, size: 11, angle: 90 })
    })
    return [{ runs, rotate: 90 }]
  },
}
