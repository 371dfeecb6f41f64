import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import fontkit from '@pdf-lib/fontkit'
import { PDFDocument, PDFHexString, PDFName, StandardFontEmbedder, StandardFonts, beginText, degrees, endText, moveText, rgb, rotateAndSkewTextDegreesAndTranslate, setFontAndSize, showText } from 'pdf-lib'
import type { PDFFont } from 'pdf-lib'

/** One run of text at a position, drawn in the order given (the content-stream order extractors see). */
export interface TextRun {
  text: string
  x: number
  /** Baseline, in PDF points from the bottom of the page. */
  y: number
  /** @default 11 */
  size?: number
  /** `hebrew`: Noto Sans Hebrew (from `@fontsource/noto-sans-hebrew`, embedded as a subset); the text is drawn in the order given, so pass RTL text in visual order. @default Helvetica */
  font?: 'hebrew'
  /** Counter-clockwise angle of the text, in degrees. @default 0 */
  angle?: number
}

/** A ruled line, in PDF points. */
export interface Rule {
  x1: number
  y1: number
  x2: number
  y2: number
}

/** A filled-in AcroForm text field: its value lives in the form, drawn only by the field's appearance stream. */
export interface FormField {
  name: string
  value: string
  x: number
  y: number
  width: number
  height: number
}

/** A page of the generated corpus: its runs, in content-stream order. */
export interface PageSpec {
  runs: TextRun[]
  /** Table rules, drawn before the text. @default none */
  rules?: Rule[]
  /** Form fields on the page. @default none */
  fields?: FormField[]
  /** The page's /Rotate, in degrees (a multiple of 90). @default 0 */
  rotate?: number
}

/** A4 width in points. */
export const PAGE_WIDTH = 595.28
/** A4 height in points. */
export const PAGE_HEIGHT = 841.89

// Codes 1 and 2 are re-mapped to Helvetica's own "fi" and "fl" glyphs, the way
// TeX and many typesetters emit ligatures: no ToUnicode map, only glyph names,
// which each extractor has to translate back to letters on its own.
const LIGATURE_CODES: Record<string, number> = { '\uFB01': 1, '\uFB02': 2 }

// WinAnsiEncoding differs from Latin-1 only in 0x80-0x9F; these are the ones the corpus uses.
const WIN_ANSI_EXTRA: Record<string, number> = { '€': 0x80, '…': 0x85, '‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94, '•': 0x95, '–': 0x96, '—': 0x97 }

// pdf-lib's StandardFonts and the embedder's FontNames are the same strings under two enum types.
const metrics = StandardFontEmbedder.for(StandardFonts.Helvetica as unknown as Parameters<typeof StandardFontEmbedder.for>[0])

/** Width of `text` in Helvetica at `size` points (a ligature is as wide as its letters in Helvetica's metrics). */
export function textWidth(text: string, size = 11): number {
  return metrics.widthOfTextAtSize(text.replaceAll('\uFB01', 'fi').replaceAll('\uFB02', 'fl'), size)
}

function encode(text: string): PDFHexString {
  let hex = ''
  for (const ch of text) {
    const code = LIGATURE_CODES[ch] ?? WIN_ANSI_EXTRA[ch] ?? ch.codePointAt(0)!
    const latin1 = (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff)
    if (!latin1 && LIGATURE_CODES[ch] === undefined && WIN_ANSI_EXTRA[ch] === undefined) {
      throw new Error(`[butterfly] [document-facts] the corpus writer cannot encode ${JSON.stringify(ch)} in WinAnsiEncoding`)
    }
    hex += code.toString(16).padStart(2, '0')
  }
  return PDFHexString.of(hex)
}

// The font ships in an npm package (SIL OFL 1.1), so nothing is downloaded. A fixed
// subset name: pdf-lib would otherwise add a random tag, and the bytes would change.
async function embedHebrew(doc: PDFDocument): Promise<PDFFont> {
  doc.registerFontkit(fontkit)
  const file = createRequire(import.meta.url).resolve('@fontsource/noto-sans-hebrew/files/noto-sans-hebrew-hebrew-400-normal.woff')
  return doc.embedFont(readFileSync(file), { subset: true, customName: 'NotoSansHebrew' })
}

// A fixed instant: the document info dates are the only clock-dependent bytes pdf-lib writes.
const EPOCH = new Date(Date.UTC(2024, 0, 1))

/**
 * Writes a PDF whose bytes depend only on `title` and `pages`: fixed dates and
 * producer, no object streams, text in the order of the runs.
 *
 * @example
 * const bytes = await writePdf('demo', [{ runs: [{ text: 'It is 12 m long.', x: 72, y: 770 }] }])
 */
export async function writePdf(title: string, pages: PageSpec[]): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false })
  doc.setTitle(title)
  doc.setProducer('vitest-butterfly document-facts corpus (pdf-lib)')
  doc.setCreationDate(EPOCH)
  doc.setModificationDate(EPOCH)
  const font = doc.context.register(doc.context.obj({
    Type: 'Font',
    Subtype: 'Type1',
    BaseFont: 'Helvetica',
    Encoding: { Type: 'Encoding', BaseEncoding: 'WinAnsiEncoding', Differences: [1, PDFName.of('fi'), PDFName.of('fl')] },
  }))
  const hebrew = pages.some((p) => p.runs.some((r) => r.font === 'hebrew')) ? await embedHebrew(doc) : undefined
  for (const spec of pages) {
    const page = doc.addPage([PAGE_WIDTH, PAGE_HEIGHT])
    if (spec.rotate) page.setRotation(degrees(spec.rotate))
    page.node.setFontDictionary(PDFName.of('F1'), font)
    for (const r of spec.rules ?? []) page.drawLine({ start: { x: r.x1, y: r.y1 }, end: { x: r.x2, y: r.y2 }, thickness: 0.5, color: rgb(0, 0, 0) })
    for (const run of spec.runs) {
      if (run.font === 'hebrew') page.drawText(run.text, { x: run.x, y: run.y, size: run.size ?? 11, font: hebrew! })
      else {
        const at = run.angle ? rotateAndSkewTextDegreesAndTranslate(run.angle, 0, 0, run.x, run.y) : moveText(run.x, run.y)
        page.pushOperators(beginText(), setFontAndSize('F1', run.size ?? 11), at, showText(encode(run.text)), endText())
      }
    }
    for (const f of spec.fields ?? []) {
      const field = doc.getForm().createTextField(f.name)
      field.setText(f.value)
      field.addToPage(page, { x: f.x, y: f.y, width: f.width, height: f.height, borderWidth: 0.5 })
    }
  }
  return doc.save({ useObjectStreams: false })
}
