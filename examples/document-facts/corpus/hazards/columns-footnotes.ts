import type { CorpusCase } from '../corpus-case.ts'
import { wrap } from '../corpus-case.ts'
import type { TextRun } from '../pdf-writer.ts'
import { textWidth } from '../pdf-writer.ts'

// A footnote marker is a raised small digit drawn right after its word; each
// column ends with its own footnotes, set small, which hold facts of their own.
const LEFT = ['The eastern quarry produced 86,400 tonnes of limestone.', 'Its crushing plant runs 16 hours a day.', 'The workforce numbers 312 people.']
const RIGHT = ['The western quarry produced 41,750 tonnes of sandstone.', 'Its rail siding handles 28 wagons a week.', 'The lease runs until 2041.']
const LEFT_NOTES = ['1 Royalties were 2.40 per tonne.', '2 Night shifts stopped in 2019.']
const RIGHT_NOTES = ['3 The siding opened in 1987.', '4 Renewal talks start in 2036.']
const MARKERS: Record<string, string> = { limestone: '1', day: '2', sandstone: '3', lease: '4' }

function column(sentences: string[], notes: string[], x: number): TextRun[] {
  const runs: TextRun[] = []
  wrap(sentences.join(' '), 215).forEach((line, i) => {
    const y = 740 - i * 15
    runs.push({ text: line, x, y, size: 11 })
  })
  notes.forEach((note, i) => runs.push({ text: note, x, y: 120 - i * 11, size: 8 }))
  return runs
}

function markers(runs: TextRun[]): TextRun[] {
  // A raised marker after the first occurrence of each marked word, placed by measuring the line up to it.
  return runs.flatMap((run) => Object.entries(MARKERS).flatMap(([word, n]) => {
    const at = run.text.indexOf(word)
    if (at < 0 || (run.size ?? 11) !== 11) return []
    const end = run.text.slice(0, at + word.length)
    return [{ text: n, x: run.x + textWidth(end), y: run.y + 4, size: 6 }]
  }))
}

/** Two columns of prose, each with raised footnote markers and its own footnotes at the foot of the page. */
export const columnsFootnotes: CorpusCase = {
  id: 'gen-columns-footnotes',
  layout: 'columns-footnotes',
  title: 'Two quarries',
  hard: 'two columns, raised footnote markers after words, and a block of footnotes under each column',
  facts: [
    { key: 'eastern', value: '86400' },
    { key: 'plant', value: '16' },
    { key: 'workforce', value: '312' },
    { key: 'western', value: '41750' },
    { key: 'siding', value: '28' },
    { key: 'lease', value: '2041' },
    { key: 'royalties', value: '2.40' },
    { key: 'shifts', value: '2019' },
    { key: 'opened', value: '1987' },
    { key: 'talks', value: '2036' },
  ],
  pages: () => {
    const left = column(LEFT, LEFT_NOTES, 72)
    const right = column(RIGHT, RIGHT_NOTES, 315)
    return [{ runs: [{ text: 'Two quarries', x: 72, y: 780, size: 14 }, ...left, ...markers(left), ...right, ...markers(right)] }]
  },
}
