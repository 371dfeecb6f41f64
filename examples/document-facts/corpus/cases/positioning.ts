import type { CorpusCase } from '../corpus-case.ts'
import type { TextRun } from '../pdf-writer.ts'
import { textWidth } from '../pdf-writer.ts'

// In the source text, ' ' is a word space and '_' an eighth-em gap between digit
// groups; neither is drawn as a character, both are only positions.
const WORD_GAP = 0.278
const GROUP_GAP = 0.125

function glyphByGlyph(text: string, y: number, size = 11): TextRun[] {
  const runs: TextRun[] = []
  let x = 72
  for (const ch of text) {
    if (ch === ' ' || ch === '_') {
      x += (ch === ' ' ? WORD_GAP : GROUP_GAP) * size
      continue
    }
    runs.push({ text: ch, x, y, size })
    x += textWidth(ch, size)
  }
  return runs
}

// Fake bold: the same text struck twice, a fraction of a point apart.
function fakeBold(text: string, y: number, size = 11): TextRun[] {
  return [{ text, x: 72, y, size }, { text, x: 72.4, y, size }]
}

/**
 * Text placed by position rather than by characters: glyph-by-glyph runs with
 * no space characters, digit groups separated by an eighth-em gap instead of
 * a comma, and lines double-struck to fake bold. Where a gap becomes a space
 * is each extractor's own heuristic.
 */
export const positioning: CorpusCase = {
  id: 'gen-positioning',
  layout: 'positioning',
  title: 'Steelworks annual figures',
  hard: 'glyph-by-glyph placement, eighth-em gaps as thousands separators, double-struck (fake bold) lines',
  facts: [
    { key: 'plant', value: '12480', unit: 't' },
    { key: 'steel', value: '2021' },
    { key: 'workforce', value: '3215' },
    { key: 'energy', value: '7.5', unit: '%' },
    { key: 'energy', value: '41900', unit: 'MWh' },
    { key: 'exports', value: '1050' },
    { key: 'containers', value: '2022-05-03' },
    { key: 'capacity', value: '4875', unit: 'kg' },
    { key: 'furnace', value: '1520', unit: '°C' },
  ],
  pages: () => [{
    runs: [
      ...fakeBold('Steelworks annual figures', 780, 14),
      ...glyphByGlyph('The plant produced 12_480 t of steel in 2021.', 750),
      ...glyphByGlyph('Its workforce grew to 3_215 people.', 734),
      ...glyphByGlyph('Energy use fell by 7.5% to 41_900 MWh.', 718),
      ...glyphByGlyph('Exports reached 1_050 containers on 3 May 2022.', 702),
      ...fakeBold('Crane lifting capacity is 4,875 kg', 680),
      ...fakeBold('Furnace temperature peaks at 1,520 °C', 664),
    ],
  }],
}
