/** A piece of text where the page shows it: a pdf.js text item or a MuPDF character, in display space. */
export interface PlacedText {
  text: string
  /** Left edge, in points. */
  x: number
  /** Baseline, in points from the top of the displayed page. */
  y: number
  /** Advance width, in points. */
  width: number
  /** Font size, in points. */
  size: number
}

// Two pieces on one line are one word when the gap between them is under
// this share of the font size: word spaces are about 0.25 em, letter
// spacing and kerning in real documents up to about 0.1 em.
const WORD_GAP = 0.15
// A number and a word that touch are two cells of a table (`37,499.96DISTRICT`)
// as soon as there is any visible gap between them.
const CELL_GAP = 0.01
const DIGIT = /\p{N}/u
const LETTER = /\p{L}/u
// Pieces whose baselines differ by less than this share of the smaller font
// size are on one visual line (a label set in a bigger type, centred on its row).
const LINE_TOLERANCE = 0.45

const RTL = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/gu
const LTR_RUN = /[\p{N}A-Za-z][\p{N}A-Za-z.,:%'/+-]*/gu

// A line set right to left comes out in visual order; read backwards it is in
// logical order, except the left-to-right runs inside it (numbers, Latin words).
function logicalOrder(line: string): string {
  const rtl = line.match(RTL)?.length ?? 0
  const ltr = line.match(/[A-Za-z]/g)?.length ?? 0
  if (rtl <= ltr) return line
  return [...line].reverse().join('').replace(LTR_RUN, (run) => [...run].reverse().join(''))
}

/**
 * Rebuilds a page's text from positions rather than from the content
 * stream: pieces are grouped into visual lines by baseline, ordered left to
 * right, joined without a space only where they touch, and right-to-left
 * lines are put back in logical order. A table row becomes one line with its
 * label first, whatever order the generator drew the cells in.
 *
 * @example
 * positionedText([{ text: '78', x: 200, y: 100, width: 10, size: 10 }, { text: 'Aberdeen', x: 72, y: 101, width: 40, size: 11 }])
 * // 'Aberdeen 78'
 */
export function positionedText(pieces: readonly PlacedText[]): string {
  const sorted = pieces.filter((p) => p.text.trim() !== '').sort((a, b) => a.y - b.y || a.x - b.x)
  const lines: PlacedText[][] = []
  for (const piece of sorted) {
    const line = lines.at(-1)
    const first = line?.[0]
    if (line && first && Math.abs(piece.y - first.y) < LINE_TOLERANCE * Math.min(piece.size, first.size)) line.push(piece)
    else lines.push([piece])
  }
  return lines.map((line) => {
    line.sort((a, b) => a.x - b.x)
    let text = ''
    let end = -Infinity
    for (const piece of line) {
      const gap = (piece.x - end) / piece.size
      const [last, next] = [text.slice(-1), piece.text.slice(0, 1)]
      const boundary = (DIGIT.test(last) && LETTER.test(next)) || (LETTER.test(last) && DIGIT.test(next))
      if (text !== '' && (gap > WORD_GAP || (boundary && gap > CELL_GAP))) text += ' '
      text += piece.text
      end = Math.max(end, piece.x + piece.width)
    }
    return logicalOrder(text.replace(/\s+/g, ' ').trim())
  }).join('\n')
}
