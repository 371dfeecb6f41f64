import type { CorpusCase } from '../corpus-case.ts'
import type { FormField, TextRun } from '../pdf-writer.ts'

const FIELDS: [string, string, string][] = [
  ['Invoice total', 'total', '1,250.00'],
  ['Quantity ordered', 'quantity', '48'],
  ['Payment due', 'due', '2024-03-31'],
  ['Discount rate', 'discount', '2.5 %'],
  ['Order reference', 'reference', '40417'],
]

/** A filled-in AcroForm: static labels on the page, the values only in the form fields. */
export const form: CorpusCase = {
  id: 'gen-form',
  layout: 'form',
  title: 'Purchase order form',
  hard: 'AcroForm text fields whose values exist only in the form (and its appearance streams), not in the page text',
  facts: [
    { key: 'total', value: '1250.00' },
    { key: 'quantity', value: '48' },
    { key: 'due', value: '2024-03-31' },
    { key: 'discount', value: '2.5', unit: '%' },
    { key: 'reference', value: '40417' },
  ],
  pages: () => {
    const runs: TextRun[] = [{ text: 'Purchase order', x: 72, y: 780, size: 14 }]
    const fields: FormField[] = FIELDS.map(([label, name, value], i) => {
      runs.push({ text: label, x: 72, y: 730 - i * 30, size: 11 })
      return { name, value, x: 200, y: 725 - i * 30, width: 140, height: 20 }
    })
    return [{ runs, fields }]
  },
}
