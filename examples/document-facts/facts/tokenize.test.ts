import { describe, expect, it } from 'vitest'
import type { Token } from './tokenize.ts'
import { tokenize } from './tokenize.ts'

const quantities = (text: string): string[] => tokenize(text)
  .filter((t): t is Extract<Token, { type: 'quantity' }> => t.type === 'quantity')
  .map((t) => `${t.kind}:${t.value}${t.unit ? ` ${t.unit}` : ''}`)

describe('tokenize', () => {
  it('normalises thousands separators, decimals, minus signs and units', () => {
    expect(quantities('holds 4,250 megalitres, spans 318 m, reached 19.5 °C and –4 °C, 3.7% and 12 %')).toEqual([
      'number:4250', 'number:318 m', 'number:19.5 °C', 'number:-4 °C', 'number:3.7 %', 'number:12 %',
    ])
  })

  it('reads scale words, currency signs and powers of ten', () => {
    expect(quantities('a budget of 5.2 million EUR, €1,200, $3.2 million and 2.5 × 10³ Pa')).toEqual([
      'number:5.2 million EUR', 'number:1200 EUR', 'number:3.2 million USD', 'number:2.5e3 Pa',
    ])
  })

  it('reads dates in day-month-year, month-day-year, ISO and month-year form', () => {
    expect(quantities('on 14 March 2023, on May 3, 2022, on 2021-10-11 and in November 2015')).toEqual([
      'date:2023-03-14', 'date:2022-05-03', 'date:2021-10-11', 'date:2015-11',
    ])
  })

  it('takes a unit only when it ends a word, and skips numbers glued to letters', () => {
    expect(quantities('4,875 kgCrane and 8.7 million EUR3. vessels2 x2 3a 20231.')).toEqual(['number:4875', 'number:8.7 million', 'number:20231'])
  })

  it('marks sentence ends but not decimal points', () => {
    expect(tokenize('It is 2.8 km long. Next').map((t) => t.type)).toEqual(['word', 'word', 'quantity', 'word', 'end', 'word'])
  })
})
