import type { CorpusCase } from '../corpus-case.ts'
import type { Rule, TextRun } from '../pdf-writer.ts'
import { textWidth } from '../pdf-writer.ts'

// Payee, item, amount, department: the amount is right-aligned against the
// rule of its cell and the department starts 0.3 pt after it, as in the
// expense ledgers public bodies export.
const ROWS: [string, string, string, string][] = [
  ['Harcourt', 'salt', '37,499.96', 'DISTRICT'],
  ['Mabry', 'asphalt', '12,870.50', 'HIGHWAYS'],
  ['Quenby', 'lighting', '4,215.08', 'DISTRICT'],
  ['Tolland', 'fencing', '918.40', 'PARKS'],
  ['Ivesley', 'signage', '2,306.75', 'HIGHWAYS'],
  ['Brackett', 'culverts', '58,120.00', 'DRAINAGE'],
  ['Osgood', 'gritting', '7,645.32', 'DISTRICT'],
  ['Pellow', 'benches', '1,082.19', 'PARKS'],
]
const COLS = [72, 170, 260, 342] // left edges; the amount column ends at 340
const TOP = 740
const ROW = 16

/** Ruled expense ledger whose amounts touch the next cell's text. */
export const ledger: CorpusCase = {
  id: 'gen-ledger',
  layout: 'ledger',
  title: 'Expense ledger, fourth quarter',
  hard: 'a ruled ledger whose right-aligned amounts sit 0.3 pt before the next cell\'s text',
  facts: ROWS.map(([payee, , amount]) => ({ key: payee.toLowerCase(), value: amount.replaceAll(',', ''), ordinal: 0 })),
  pages: () => {
    const runs: TextRun[] = [{ text: 'Expense ledger, fourth quarter', x: 72, y: 780, size: 12 }]
    const rules: Rule[] = []
    ;['Payee', 'Item', 'Amount', 'Department'].forEach((h, c) => runs.push({ text: h, x: COLS[c]! + 2, y: TOP + ROW, size: 9 }))
    ROWS.forEach(([payee, item, amount, dept], r) => {
      const y = TOP - r * ROW
      runs.push({ text: payee, x: COLS[0]! + 2, y, size: 9 }, { text: item, x: COLS[1]! + 2, y, size: 9 })
      runs.push({ text: amount, x: 340 - textWidth(amount, 9), y, size: 9 }, { text: dept, x: 340.3, y, size: 9 })
    })
    for (let r = -1; r <= ROWS.length; r++) rules.push({ x1: 70, y1: TOP + 12 - (r + 1) * ROW + ROW, x2: 420, y2: TOP + 12 - (r + 1) * ROW + ROW })
    for (const x of [70, 168, 258, 340.15, 420]) rules.push({ x1: x, y1: TOP + ROW + 12, x2: x, y2: TOP - ROW * ROWS.length + 12 })
    return [{ runs, rules }]
  },
}
