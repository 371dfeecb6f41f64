import type { CorpusCase } from '../corpus-case.ts'
import { lines } from '../corpus-case.ts'

const NBSP = '\u00A0'

/** Numbers written the many ways print writes them: separators, signs, exponents, currencies. */
export const units: CorpusCase = {
  id: 'gen-units',
  layout: 'units',
  title: 'Measurements and prices',
  hard: 'non-breaking-space thousands, en-dash minus, ×10³ exponents, currency signs, % with and without a space, degrees',
  facts: [
    { key: 'cable', value: '1500', unit: 'm' },
    { key: 'temperatures', value: '-4', unit: '°C' },
    { key: 'pressure', value: '2.5e3', unit: 'Pa' },
    { key: 'ticket', value: '1200', unit: 'EUR' },
    { key: 'grants', value: '3.2', unit: 'million USD' },
    { key: 'sample', value: '0.75', unit: 'kg' },
    { key: 'server', value: '64', unit: 'GB' },
    { key: 'unemployment', value: '12', unit: '%' },
    { key: 'slope', value: '35', unit: '°' },
  ],
  pages: () => [{
    runs: lines([
      'Measurements and prices',
      `The new cable is 1${NBSP}500 m long.`,
      'Night temperatures fell to –4 °C in January.',
      'The vessel pressure was 2.5 × 10³ Pa.',
      'A ticket costs €1,200 in first class.',
      'Grants totalled $3.2 million last year.',
      'Each sample weighs 0.75 kg.',
      'The server has 64 GB of memory.',
      'Unemployment stood at 12 % in the spring.',
      'The roof slope is 35° to the south.',
    ]),
  }],
}
