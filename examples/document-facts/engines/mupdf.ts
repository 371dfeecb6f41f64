import type { EngineOptions, ExtractedText, ExtractionEngine } from './engine.ts'

/**
 * Artifex MuPDF (MuPDF.js, WebAssembly): `page.toStructuredText(options).asText()`,
 * MuPDF's own line and block grouping by geometry.
 */
export const mupdfEngine: ExtractionEngine = {
  name: 'mupdf',
  async extract(bytes: Uint8Array, options: EngineOptions): Promise<ExtractedText> {
    const mupdf = await import('mupdf')
    const doc = mupdf.Document.openDocument(bytes, 'application/pdf')
    try {
      const pageCount = doc.countPages()
      const pages: string[] = []
      for (let i = 0; i < Math.min(options.maxPages, pageCount); i++) {
        const page = doc.loadPage(i)
        const text = page.toStructuredText(options.mupdfOptions)
        pages.push(text.asText())
        text.destroy()
        page.destroy()
      }
      return { pageCount, pages }
    } finally {
      doc.destroy()
    }
  },
}
