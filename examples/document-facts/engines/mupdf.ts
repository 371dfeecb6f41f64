import type { StructuredText } from 'mupdf'
import type { EngineOptions, ExtractedText, ExtractionEngine } from './engine.ts'
import { positionedText } from './positioned-text.ts'
import type { PlacedText } from './positioned-text.ts'

// Characters, not MuPDF's lines: MuPDF may already have glued two cells into one line.
// A right-to-left run (odd bidi level) comes in drawing order but with its positions
// mirrored, so it is kept as one piece, in drawing order, over the span of its characters.
function characters(text: StructuredText): PlacedText[] {
  const out: PlacedText[] = []
  let rtl: PlacedText | undefined
  text.walk({
    beginLine: () => {
      rtl = undefined
    },
    onChar: (c, origin, _font, size, quad, _color, bidi) => {
      const xs = [quad[0], quad[2], quad[4], quad[6]]
      const [left, right] = [Math.min(...xs), Math.max(...xs)]
      if (bidi % 2 === 1 && rtl && c.trim() !== '') {
        const end = Math.max(rtl.x + rtl.width, right)
        rtl.x = Math.min(rtl.x, left)
        rtl.width = end - rtl.x
        rtl.text += c
        return
      }
      const piece = { text: c, x: left, y: origin[1], width: right - left, size }
      rtl = bidi % 2 === 1 && c.trim() !== '' ? piece : undefined
      out.push(piece)
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
