/** How extracted text is cleaned before facts are read from it. */
export interface PrepareOptions {
  /** Replace ligature characters (U+FB00–FB04) by their letters. */
  expandLigatures: boolean
  /** Join words hyphenated across a line break (`an-\nnual` → `annual`) and drop soft hyphens. */
  dehyphenate: boolean
}

const LIGATURES: Record<string, string> = { '\uFB00': 'ff', '\uFB01': 'fi', '\uFB02': 'fl', '\uFB03': 'ffi', '\uFB04': 'ffl' }

/**
 * Cleans one page of extracted text. Only what any careful pipeline would do:
 * it does not try to repair reading order, which is exactly what differs
 * between engines.
 *
 * @example
 * prepareText('an-\nnual ﬂow', { expandLigatures: true, dehyphenate: true }) // 'annual flow'
 */
export function prepareText(text: string, options: PrepareOptions): string {
  let out = text.replace(/\r\n?/g, '\n')
  if (options.expandLigatures) out = out.replace(/[\uFB00-\uFB04]/g, (ch) => LIGATURES[ch] ?? ch)
  if (options.dehyphenate) {
    // A hyphen (hard or soft) at the end of a line, between two letters, splits a word.
    out = out.replace(/(\p{L})[-\u00AD][ \t]*\n[ \t]*(\p{Ll})/gu, '$1$2').replace(/\u00AD/g, '')
  }
  return out
}
