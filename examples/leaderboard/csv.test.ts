import { describe, expect, it } from 'vitest'
import { parseCsv, readCsvTable } from './csv.ts'

describe('parseCsv', () => {
  it('splits plain fields and rows, with or without a final newline', () => {
    expect(parseCsv('a,b,c\n1,2,3\n')).toEqual([['a', 'b', 'c'], ['1', '2', '3']])
    expect(parseCsv('a,b,c\n1,2,3')).toEqual([['a', 'b', 'c'], ['1', '2', '3']])
  })

  it('keeps empty fields, including a trailing empty one', () => {
    expect(parseCsv('a,,c\n,,\nx,\n')).toEqual([['a', '', 'c'], ['', '', ''], ['x', '']])
  })

  it('reads quoted fields with commas, doubled quotes and newlines', () => {
    const text = 'id,template\n1,"Q: say ""hi"", then\nanswer"\n2,"plain"\n3,""\n'
    expect(parseCsv(text)).toEqual([['id', 'template'], ['1', 'Q: say "hi", then\nanswer'], ['2', 'plain'], ['3', '']])
  })

  it('accepts CRLF line ends (also inside quotes) and a byte-order mark', () => {
    expect(parseCsv('\ufeffa,b\r\n"x\r\ny",2\r\n')).toEqual([['a', 'b'], ['x\r\ny', '2']])
  })

  it('throws on malformed quoting, naming the line', () => {
    expect(() => parseCsv('a\n"open\n', 'f.csv')).toThrow(/f\.csv: unterminated quoted field starting on line 2/)
    expect(() => parseCsv('a\n"x"y\n', 'f.csv')).toThrow(/unexpected "y" after a closing quote on line 2/)
    expect(() => parseCsv('a\nx"y\n', 'f.csv')).toThrow(/stray quote .* line 2/)
  })
})

describe('readCsvTable', () => {
  it('keys rows by the header and skips blank lines', () => {
    expect(readCsvTable('a,b\n1,2\n\n3,4\n').rows).toEqual([{ a: '1', b: '2' }, { a: '3', b: '4' }])
  })

  it('throws on a ragged row', () => {
    expect(() => readCsvTable('a,b\n1,2\n3\n', 'g.csv')).toThrow(/g\.csv: data row 2 has 1 fields, the header has 2/)
  })
})
