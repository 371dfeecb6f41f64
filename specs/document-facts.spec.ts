import { describe, expect, it } from 'vitest'
import { metrics, perturb } from 'vitest-butterfly'
import { classShift, pipeline } from '../examples/document-facts/pipeline.ts'

// The real PDFs of ../shared/data/pdfs (classed table / layout / prose) plus
// the eight generated one-page PDFs with known facts, first 10 pages each.
// Shift = 1 − Jaccard of the fact ids of one document class, pdf.js (base)
// against MuPDF. Both engines are deterministic: the repeats are the same
// cached run, which shows a noise floor of 0.
const toMupdf = perturb.swap('extraction.engine', 'mupdf')
const shiftAtMost2Percent = (cls: string) => ({
  stage: 'facts', metric: classShift(cls), tolerance: 0.02, repeats: 2,
}) as const

describe('document-facts: switching the PDF extraction engine (pdf.js → MuPDF)', () => {
  // Holds: 0.0% (1242 facts on both engines, all shared), NICS background-check tables.
  it('shifts the facts of table documents by at most 2%', async () => {
    await expect(pipeline).toBeStableUnder(toMupdf, shiftAtMost2Percent('table'))
  })

  // Holds: 0.9% (1022 / 1027 facts, 1020 shared): the Federal Register's
  // running head glues a page number to "Federal Register" in pdf.js only,
  // and a formula and a split word in the two-column paper.
  it('shifts the facts of multi-column layout documents by at most 2%', async () => {
    await expect(pipeline).toBeStableUnder(toMupdf, shiftAtMost2Percent('layout'))
  })

  // Caught instability: 2.8% (212 / 210 facts, 208 shared). Formulas in the
  // GeoTopo lecture notes: pdf.js joins symbol runs that MuPDF separates, and
  // a minus sign sticks to its number in one engine only. The figure grows
  // with the pages read (0.0% at 3 pages, 14.7% at 30).
  it.fails('shifts the facts of prose documents by at most 2% [known instability]', async () => {
    await expect(pipeline).toBeStableUnder(toMupdf, shiftAtMost2Percent('prose'))
  })

  // Caught instability: 26.2% (105 / 107 facts, 90 shared). Text placed glyph
  // by glyph with eighth-em gaps (87% of that document's facts differ) and a
  // table drawn right to left (29%): pdf.js and MuPDF group the glyphs into
  // different words and lines.
  it.fails('shifts the facts of the generated hard-layout documents by at most 2% [known instability]', async () => {
    await expect(pipeline).toBeStableUnder(toMupdf, shiftAtMost2Percent('generated'))
  })

  // The facts and benchmark of the generated corpus alone (pdf.js; known
  // facts, independent of the shared PDFs), for review: any changed fact or
  // item (id, value, label, context, question) fails until reviewed (-u).
  // With `real: false` the PDF folder is not read.
  it('the generated corpus\'s facts and benchmark match the reviewed baseline', async () => {
    await expect(pipeline).toMatchBaseline({
      params: { documents: { real: false } },
      stages: ['facts', 'benchmark'],
      metric: metrics.jsonDiff(),
      tolerance: 0,
    })
  })
})
