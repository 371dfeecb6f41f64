import type { CorpusCase } from '../corpus-case.ts'
import type { TextRun } from '../pdf-writer.ts'
import { textWidth } from '../pdf-writer.ts'

// A body line with a raised footnote marker right after `before`, as word processors set it.
function marked(before: string, marker: string, after: string, y: number): TextRun[] {
  const x = 72 + textWidth(before, 11)
  return [
    { text: before, x: 72, y, size: 11 },
    { text: marker, x, y: y + 4, size: 7 },
    { text: after, x: x + textWidth(marker, 7), y, size: 11 },
  ]
}

/**
 * Footnote markers glued to a number and to words, and footnotes at the foot
 * of the page with facts of their own.
 */
export const footnotes: CorpusCase = {
  id: 'gen-footnotes',
  layout: 'footnotes',
  title: 'Harbour report',
  hard: 'raised footnote markers touching numbers and words; footnotes with their own facts',
  facts: [
    { key: 'harbour', value: '3.4', unit: 'million t' },
    { key: 'cargo', value: '2023' },
    { key: 'traffic', value: '215' },
    { key: 'dredging', value: '8.7', unit: 'million EUR' },
    { key: 'published', value: '2024-01-09' },
    { key: 'including', value: '12' },
    { key: 'vat', value: '19', unit: '%' },
  ],
  pages: () => [{
    runs: [
      { text: 'Harbour report', x: 72, y: 780, size: 14 },
      ...marked('The harbour handled 3.4 million t of cargo in 2023', '1', '.', 750),
      ...marked('Port traffic rose to 215 vessels', '2', ' per month.', 734),
      ...marked('Dredging costs reached 8.7 million EUR', '3', '.', 718),
      { text: '1 Provisional figure, published on 9 January 2024.', x: 72, y: 110, size: 8 },
      { text: '2 Including 12 passenger ferries.', x: 72, y: 100, size: 8 },
      { text: '3 Excluding VAT of 19 %.', x: 72, y: 90, size: 8 },
    ],
  }],
}
