import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import type { EngineOptions, ExtractedText, ExtractionEngine } from './engine.ts'
import { positionedText } from './positioned-text.ts'
import type { PlacedText } from './positioned-text.ts'

// Fonts that are not embedded (the standard 14) are read from pdfjs-dist's own
// folder, so extraction needs no network and no system fonts.
const standardFontDataUrl = join(dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')), 'standard_fonts') + '/'

interface TextItemLike {
  str?: string
  hasEOL?: boolean
  transform?: number[]
  width?: number
}

type Matrix = [number, number, number, number, number, number]
const multiply = (m: Matrix, n: number[]): Matrix => [
  m[0] * n[0]! + m[2] * n[1]!, m[1] * n[0]! + m[3] * n[1]!, m[0] * n[2]! + m[2] * n[3]!, m[1] * n[2]! + m[3] * n[3]!,
  m[0] * n[4]! + m[2] * n[5]! + m[4], m[1] * n[4]! + m[3] * n[5]! + m[5],
]

// Items are in user space; the viewport maps them to the displayed page (rotation, y down).
function placed(items: TextItemLike[], viewport: number[]): PlacedText[] {
  return items.flatMap((item) => {
    if (!item.str || !item.transform) return []
    const m = multiply(viewport as Matrix, item.transform)
    const size = Math.hypot(m[2], m[3])
    return [{ text: item.str, x: m[4], y: m[5], width: item.width ?? 0, size }]
  })
}

/**
 * Mozilla pdf.js (`pdfjs-dist`, legacy build for Node): the text items of
 * `page.getTextContent()` in content-stream order, a newline where pdf.js
 * marks an end of line; or, with `order: 'position'`, lines rebuilt from
 * the items' positions.
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
        const items = content.items as TextItemLike[]
        pages.push(options.order === 'position'
          ? positionedText(placed(items, page.getViewport({ scale: 1 }).transform))
          : items.map((item) => (item.str ?? '') + (item.hasEOL ? '\n' : '')).join(''))
        page.cleanup()
      }
      return { pageCount: doc.numPages, pages }
    } finally {
      await task.destroy()
    }
  },
}
