import type { CorpusCase, KnownFact } from '../corpus-case.ts'
import type { TextRun } from '../pdf-writer.ts'
import { textWidth } from '../pdf-writer.ts'

const RAIN_HEAD = ['Station', 'Jan', 'Feb', 'Mar', 'Apr']
// A missing reading is printed as an en dash, as statistics offices do.
const RAIN: [string, string, ...string[]][] = [
  ['Aberdeen', 'aberdeen', '78', '61', '57', '52'],
  ['Fort William', 'william', '201', '149', '144', '90'],
  ['Lerwick', 'lerwick', '135', '–', '108', '79'],
  ['Norwich', 'norwich', '54', '43', '45', '47'],
]
const POP_HEAD = ['Town', '2001', '2011', '2021']
const POP: [string, string, ...string[]][] = [
  ['Kirkby', 'kirkby', '40.0', '41.9', '43.2'],
  ['Ashford', 'ashford', '102.7', '117.8', '132.7'],
  ['Selby', 'selby', '13.0', '14.7', '15.9'],
]
const BEDS_HEAD = ['Ward', 'Beds', 'Staff', 'Occupancy']
const BEDS: [string, string, ...string[]][] = [
  ['Cardiology', 'cardiology', '48', '112', '91.5%'],
  ['Oncology', 'oncology', '36', '87', '88.0%'],
  ['Paediatrics', 'paediatrics', '30', '64', '76.5%'],
]

function known(rows: typeof RAIN): KnownFact[] {
  return rows.flatMap(([, key, ...cells]) => cells.filter((c) => c !== '–').map((cell, ordinal) => {
    const value = cell.replace('%', '')
    return value === cell ? { key, value, ordinal } : { key, value, unit: '%', ordinal }
  }))
}

// Numbers are right-aligned in their column, labels left-aligned, as in print.
function cell(text: string, col: number, y: number): TextRun {
  const right = 200 + col * 70
  return col === 0 ? { text, x: 72, y, size: 10 } : { text, x: right - textWidth(text, 10), y, size: 10 }
}

function grid(head: string[], rows: typeof RAIN, top: number): TextRun[][] {
  const table = [head, ...rows.map(([label, , ...cells]) => [label, ...cells])]
  return table.map((row, r) => row.map((text, c) => cell(text, c, top - r * 15)))
}

/**
 * Three tables that look alike on paper: the first drawn row by row, the
 * second column by column, the third row by row but each row from its
 * right-most cell to its label (as some report generators emit them).
 */
export const table: CorpusCase = {
  id: 'gen-table',
  layout: 'table',
  title: 'Rainfall, population and ward tables',
  hard: 'right-aligned cells, a missing cell, a multi-word row label, tables drawn column by column and right to left',
  facts: [...known(RAIN), ...known(POP), ...known(BEDS)],
  pages: () => {
    const rain = grid(RAIN_HEAD, RAIN, 730)
    const pop = grid(POP_HEAD, POP, 560)
    const byColumn = pop[0]!.map((_, c) => pop.map((row) => row[c]!))
    const beds = grid(BEDS_HEAD, BEDS, 420)
    return [{
      runs: [
        { text: 'Table 1: Monthly rainfall (mm) by station', x: 72, y: 760, size: 11 },
        ...rain.flat(),
        { text: 'Table 2: Population (thousands) by census year', x: 72, y: 590, size: 11 },
        ...byColumn.flat(),
        { text: 'Table 3: Hospital wards', x: 72, y: 450, size: 11 },
        ...beds.flatMap((row) => [...row].reverse()),
      ],
    }]
  },
}
