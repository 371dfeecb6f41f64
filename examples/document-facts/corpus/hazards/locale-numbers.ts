import type { CorpusCase } from '../corpus-case.ts'
import { lines } from '../corpus-case.ts'

const NBSP = '\u00A0'

/** Amounts written in the conventions of several locales: the separators swap roles, the currency moves. */
export const localeNumbers: CorpusCase = {
  id: 'gen-locale-numbers',
  layout: 'locale-numbers',
  title: 'Revenue by office',
  hard: 'thousands separators and currencies in en-US, en-GB, de-DE, fr-FR, de-CH, es-ES conventions',
  facts: [
    { key: 'boston', value: '3456789.01', unit: 'USD' },
    { key: 'london', value: '5678901.23', unit: 'GBP' },
    { key: 'berlin', value: '1234567.89', unit: 'EUR' },
    { key: 'paris', value: '2345678.90', unit: 'EUR' },
    { key: 'zurich', value: '4567890.12', unit: 'CHF' },
    { key: 'madrid', value: '12345' },
    { key: 'rome', value: '7.5', unit: '%' },
  ],
  pages: () => [{
    runs: lines([
      'Revenue by office',
      'Boston revenue: $3,456,789.01',
      'London revenue: £5,678,901.23',
      'Berlin revenue: 1.234.567,89 €',
      `Paris revenue: 2${NBSP}345${NBSP}678,90${NBSP}€`,
      'Zurich revenue: CHF 4\'567\'890.12',
      'Madrid staff: 12.345',
      'Rome margin: 7,5 %',
    ]),
  }],
}
