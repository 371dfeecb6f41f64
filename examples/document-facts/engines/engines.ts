import type { EngineName, ExtractionEngine } from './engine.ts'
import { mupdfEngine } from './mupdf.ts'
import { pdfjsEngine } from './pdfjs.ts'
import { pdftotextEngine, pdftotextLayoutEngine } from './pdftotext.ts'

/** The engines by name; each loads its library on first use. */
export const engines: Record<EngineName, ExtractionEngine> = {
  pdfjs: pdfjsEngine,
  mupdf: mupdfEngine,
  pdftotext: pdftotextEngine,
  'pdftotext-layout': pdftotextLayoutEngine,
}
