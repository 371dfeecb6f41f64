import { afterEach, describe, expect, it } from 'vitest'
import { writePdf } from '../corpus/pdf-writer.ts'
import { pdftotextEngine, pdftotextLayoutEngine } from './pdftotext.ts'

const options = { maxPages: 2, mupdfOptions: '', order: 'engine' } as const
const path = process.env.PATH

describe('the pdftotext engines (poppler-utils)', () => {
  afterEach(() => {
    process.env.PATH = path
  })

  it('extract the first maxPages pages, one string per page, and count them all', async () => {
    const pages = [1, 2, 3].map((n) => ({ runs: [{ text: `Page ${n} holds ${n * 100} crates.`, x: 72, y: 770 }] }))
    const bytes = await writePdf('three pages', pages)
    for (const engine of [pdftotextEngine, pdftotextLayoutEngine]) {
      const text = await engine.extract(bytes, options)
      expect(text.pageCount, engine.name).toBe(3)
      expect(text.pages.map((p) => p.trim()), engine.name).toEqual(['Page 1 holds 100 crates.', 'Page 2 holds 200 crates.'])
    }
  })

  it('name the Debian package when poppler is not installed', async () => {
    process.env.PATH = ''
    const bytes = await writePdf('one page', [{ runs: [{ text: 'x', x: 72, y: 770 }] }])
    await expect(pdftotextEngine.extract(bytes, options)).rejects.toThrow(/extraction\.engine 'pdftotext' needs poppler's pdfinfo.*apt-get install poppler-utils/)
    await expect(pdftotextLayoutEngine.extract(bytes, options)).rejects.toThrow(/extraction\.engine 'pdftotext-layout' needs poppler's pdfinfo/)
  })
})
