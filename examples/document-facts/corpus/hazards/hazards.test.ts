import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { run } from 'vitest-butterfly'
import { classAccuracy } from '../../accuracy.ts'
import type { ClassAccuracy } from '../../accuracy.ts'
import { pipeline } from '../../pipeline.ts'
import { idShift } from '../../shift.ts'
import type { Fact } from '../../stages/facts.ts'
import { READER_NAMES, READERS } from '../../readers.ts'
import type { Reader } from '../../readers.ts'
import { HAZARDS } from './hazards.ts'

// The hazard corpus only (no real PDFs): what each reader gets right, per hazard.
const cacheDir = mkdtempSync(join(tmpdir(), 'butterfly-document-facts-hazards-'))
// Raw pdftotext is left out here: the spec covers it, and it adds nothing on these hazards.
const USED = READER_NAMES.filter((r) => r !== 'pdftotext')
const out = {} as Record<Reader, { facts: Fact[]; accuracy: ClassAccuracy[] }>

beforeAll(async () => {
  for (const reader of USED) {
    const r = await run(pipeline, { documents: { real: false }, extraction: READERS[reader] }, { cacheDir })
    expect(r.status, r.error?.message).toBe('passed')
    out[reader] = { facts: r.output('facts'), accuracy: classAccuracy(r.output('documents'), r.output('facts')) }
  }
})
afterAll(() => rmSync(cacheDir, { recursive: true, force: true }))

const acc = (reader: Reader, hazard: string): ClassAccuracy => out[reader].accuracy.find((a) => a.class === hazard)!
const right = (reader: Reader, hazard: string): boolean => acc(reader, hazard).recall === 1 && acc(reader, hazard).precision === 1

describe('the hazard corpus', () => {
  it('is one document class per hazard, each with its known facts', () => {
    expect(out.pdfjs.accuracy.map((a) => a.class).filter((c) => c !== 'generated')).toEqual([...HAZARDS])
    console.log(`recall / precision per hazard\n${HAZARDS.map((h) => `  ${h.padEnd(18)} ${USED.map((r) => {
      const a = acc(r, h)
      return `${r} ${a.status === 'vacuous' ? 'vacuous' : `${a.matched}/${a.reference}·${a.matched}/${a.inScope}`}`
    }).join('  ')}`).join('\n')}`)
  })

  it('ledger: amounts glued to the next cell are lost by every reader but MuPDF by position', () => {
    expect((['pdfjs', 'mupdf', 'pdftotext-layout', 'pdfjs+position'] as const).map((r) => acc(r, 'ledger').matched)).toEqual([0, 0, 0, 0])
    expect(out.pdfjs.facts.some((f) => f.doc === 'gen-ledger' && f.value === '37499')).toBe(true)
    expect(right('mupdf+position', 'ledger')).toBe(true)
  })

  it('row labels and multi-line cells: reading by position keeps every value with its row', () => {
    expect(acc('pdfjs', 'row-labels').matched).toBe(0)
    for (const r of ['pdfjs+position', 'mupdf+position', 'pdftotext-layout'] as const) {
      expect(right(r, 'row-labels'), r).toBe(true)
      expect(right(r, 'multi-line-cells'), r).toBe(true)
    }
  })

  it('right-to-left: reading by position restores the logical order; the engines\' own text does not', () => {
    expect(acc('pdfjs', 'rtl').status).toBe('vacuous')
    expect(acc('pdftotext-layout', 'rtl').matched).toBe(0)
    expect(right('pdfjs+position', 'rtl')).toBe(true)
    expect(right('mupdf+position', 'rtl')).toBe(true)
  })

  it('form: values only in AcroForm fields are read by pdftotext alone; pdf.js and MuPDF are vacuous, not 0 % apart', () => {
    expect(acc('pdfjs', 'form').status).toBe('vacuous')
    expect(acc('mupdf', 'form').status).toBe('vacuous')
    expect(idShift(out.pdfjs.facts.filter((f) => f.class === 'form'), out.mupdf.facts.filter((f) => f.class === 'form'), () => 'form')).toEqual([])
    expect(right('pdftotext-layout', 'form')).toBe(true)
  })

  it('rotated pages are read right by every reader', () => {
    for (const r of USED) expect(right(r, 'rotated'), r).toBe(true)
  })

  it('two columns with footnotes: the engines\' own order is right, visual lines across the columns are not', () => {
    expect(right('pdfjs', 'columns-footnotes')).toBe(true)
    expect(right('mupdf', 'columns-footnotes')).toBe(true)
    expect(acc('pdfjs+position', 'columns-footnotes').recall).toBeLessThan(1)
  })

  it('locale numbers: the fact reader, not the engines, misreads them (the same for all)', () => {
    const matched = USED.map((r) => acc(r, 'locale-numbers').matched)
    expect(new Set(matched).size).toBe(1)
    expect(acc('pdfjs', 'locale-numbers').recall).toBeLessThan(0.5)
  })
})
