/** The extraction engines the `extract` stage can switch between. */
export const ENGINE_NAMES = ['pdfjs', 'mupdf', 'pdftotext', 'pdftotext-layout'] as const

/** Name of an extraction engine. */
export type EngineName = (typeof ENGINE_NAMES)[number]

/** What an engine gets from one PDF. */
export interface ExtractedText {
  /** Pages in the document (not only the extracted ones). */
  pageCount: number
  /** Plain text of the first `maxPages` pages, in the engine's own reading order. */
  pages: string[]
}

/** Options every engine understands. */
export interface EngineOptions {
  /** Extract at most this many pages from the start. */
  maxPages: number
  /** MuPDF structured-text options (e.g. `dehyphenate`); other engines ignore them. */
  mupdfOptions: string
  /** `engine`: the library's own text output; `position`: lines rebuilt from the positions of its text items or characters (pdf.js, MuPDF; the pdftotext engines ignore it). */
  order: ReadingOrder
}

/** The reading orders the pdf.js and MuPDF engines can give. */
export const READING_ORDERS = ['engine', 'position'] as const

/** How an engine orders the text it extracts. */
export type ReadingOrder = (typeof READING_ORDERS)[number]

/** A PDF text extractor. Each engine uses its library's default text output, unmodified. */
export interface ExtractionEngine {
  name: EngineName
  extract(bytes: Uint8Array, options: EngineOptions): Promise<ExtractedText>
}
