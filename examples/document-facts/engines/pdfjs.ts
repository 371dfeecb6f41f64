import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import type { EngineOptions, ExtractedText, ExtractionEngine } from './engine.ts'

// Fonts that are not embedded (the standard 14) are read from pdfjs-dist's own
// folder, so extraction needs no network and no system fonts.
const standardFontDataUrl = join(dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')), 'standard_fonts') + '/'

interface TextItemLike {
  str?: string
  hasEOL?: boolean
}

/**
 * Mozilla pdf.js (`pdfjs-dist`, legacy build for Node): the text items of
 * `page.getTextContent()` in content-stream order, a newline where pdf.js
 * marks an end of line.
 */
export const pdfjsEngine: ExtractionEngine = {
  name: 'pdfjs',
  async extract(bytes: Uint8Array, options: EngineOptions): Promise<ExtractedText> {
    const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs')
    // pdf.js takes ownership of (detaches) the buffer it is given, so it gets a copy.
    const task = getDocument({
      data: new Uint8Array(bytes), standardFontDataUrl, disableFontFace: true, useSystemFonts: false, isEvalSupported: false, verbosity: 0,
    })
    const doc = await task.promise
    try {
      const pages: string[] = []
      for (let n = 1; n <= Math.min(options.maxPages, doc.numPages); n++) {
        const page = await doc.getPage(n)
        const content = await page.getTextContent()
        pages.push((content.items as TextItemLike[]).map((item) => (item.str ?? '') + (item.hasEOL ? '\n' : '')).join(''))
        page.cleanup()
      }
      return { pageCount: doc.numPages, pages }
    } finally {
      await task.destroy()
    }
  },
}
