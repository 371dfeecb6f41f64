import type { StructuredText } from 'mupdf'
import type { EngineOptions, ExtractedText, ExtractionEngine } from './engine.ts'
import { positionedText } from './positioned-text.ts'
import type { PlacedText } from './positioned-text.ts'

// Characters, not MuPDF's lines: MuPDF may already have glued two cells into one line.
function characters(text: StructuredText): PlacedText[] {
  const out: PlacedText[] = []
  text.walk({
    onChar: (c, origin, _font, size, quad) => {
      // Quads of right-to-left characters run from right to left.
      const xs = [quad[0], quad[2], quad[4], quad[6]]
      out.push({ text: c, x: Math.min(...xs), y: origin[1], width: Math.max(...xs) - Math.min(...xs), size })
    },
  })
  return out
}

/**
 * Artifex MuPDF (MuPDF.js, WebAssembly): `page.toStructuredText(options).asText()`,
 * MuPDF's own line and block grouping by geometry; or, with `order: 'position'`,
 * lines rebuilt from its characters' positions.
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
        pages.push(options.order === 'position' ? positionedText(characters(text)) : text.asText())
        text.destroy()
        page.destroy()
      }
      return { pageCount, pages }
    } finally {
      doc.destroy()
    }
  },
}
