/**
 * The readers the accuracy spec compares: each engine with its own text
 * order, and pdf.js and MuPDF reading by position. Values are
 * `extraction` params.
 *
 * @example
 * await run(pipeline, { extraction: READERS['mupdf+position'] })
 */
export const READERS = {
  pdfjs: { engine: 'pdfjs' },
  mupdf: { engine: 'mupdf' },
  pdftotext: { engine: 'pdftotext' },
  'pdftotext-layout': { engine: 'pdftotext-layout' },
  'pdfjs+position': { engine: 'pdfjs', order: 'position' },
  'mupdf+position': { engine: 'mupdf', order: 'position' },
} as const

/** The name of a reader in {@link READERS}. */
export type Reader = keyof typeof READERS

/** The readers' names, in the order of {@link READERS}. */
export const READER_NAMES = Object.keys(READERS) as Reader[]
