import { beforeAll, describe, expect, it } from 'vitest'
import { checkStability, metrics, perturb, run } from 'vitest-butterfly'
import { classAccuracy, classShift, HAZARDS, idShift, pipeline, READER_NAMES, READERS } from '../examples/document-facts/pipeline.ts'
import type { ClassAccuracy, Fact, Reader } from '../examples/document-facts/pipeline.ts'

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

  // Vacuous, not stable: the form (values only in AcroForm fields) and the Hebrew page give
  // neither pdf.js nor MuPDF a single fact, so "shift 0 % ≤ 2 %" would pass on nothing.
  // (`toBeStableUnder` with `vacuous: 'fail'` fails on them; the default lets them pass, marked vacuous.)
  it('reports the form and the right-to-left page as vacuous between pdf.js and MuPDF, never as a 0% shift', async () => {
    for (const cls of ['form', 'rtl']) {
      const verdict = await checkStability(pipeline, toMupdf, shiftAtMost2Percent(cls))
      expect(verdict.outcome, cls).toBe('vacuous')
    }
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

// Right, not only stable: every engine's facts scored against the truth (the
// generated corpus's known facts, and truth/us-fbi-nics-background-checks.json
// for the real table), per document class, each hazard its own class.
// A class holds when precision and recall of its label–value pairs are both
// ≥ 95 %. Measured at this commit: recall / precision (matched of reference,
// facts in scope). The pdftotext engines need poppler-utils (.ci/run installs it).
const CLASSES = ['table', 'generated', ...HAZARDS] as const

// [matched, reference, inScope] per reader and class; a vacuous class has inScope 0.
const MEASURED: Record<(typeof CLASSES)[number], Record<Reader, [number, number, number]>> = {
  // NICS: every reader but pdftotext's raw mode gets 1195 of 1210; the 15 misses are California's
  // `98 452`-style numbers (thousands separated by a space), split in two by the fact reader.
  // Raw pdftotext reads the table column by column: 1 of 1210.
  'table': { 'pdfjs': [1195, 1210, 1223], 'mupdf': [1195, 1210, 1223], 'pdftotext': [1, 1210, 1218], 'pdftotext-layout': [1195, 1210, 1223], 'pdfjs+position': [1195, 1210, 1223], 'mupdf+position': [1195, 1210, 1223] },
  // The eight original generated documents (see the README's per-layout table).
  'generated': { 'pdfjs': [67, 95, 99], 'mupdf': [72, 95, 101], 'pdftotext': [55, 95, 101], 'pdftotext-layout': [86, 95, 100], 'pdfjs+position': [87, 95, 103], 'mupdf+position': [90, 95, 95] },
  // Amounts 0.3 pt before the next cell: glued (`37,499.96DISTRICT` → 37499) by every engine's own
  // text; only MuPDF's characters carry the gap (pdf.js merges the two runs into one item).
  'ledger': { 'pdfjs': [0, 8, 8], 'mupdf': [0, 8, 8], 'pdftotext': [0, 8, 8], 'pdftotext-layout': [0, 8, 8], 'pdfjs+position': [0, 8, 8], 'mupdf+position': [8, 8, 8] },
  // Label column drawn before the value columns: pdf.js and MuPDF give every value the last label.
  'row-labels': { 'pdfjs': [0, 15, 15], 'mupdf': [0, 15, 15], 'pdftotext': [15, 15, 15], 'pdftotext-layout': [15, 15, 15], 'pdfjs+position': [15, 15, 15], 'mupdf+position': [15, 15, 15] },
  // Values set between the two lines of their label: raw pdftotext puts them after the second line.
  'multi-line-cells': { 'pdfjs': [8, 8, 8], 'mupdf': [8, 8, 8], 'pdftotext': [0, 8, 8], 'pdftotext-layout': [8, 8, 8], 'pdfjs+position': [8, 8, 8], 'mupdf+position': [8, 8, 8] },
  // Hebrew in visual order: pdf.js and MuPDF glue words to numbers (no facts: vacuous), pdftotext keeps
  // the words reversed; both readers by position put the line back in logical order.
  'rtl': { 'pdfjs': [0, 5, 0], 'mupdf': [0, 5, 0], 'pdftotext': [0, 5, 5], 'pdftotext-layout': [0, 5, 5], 'pdfjs+position': [5, 5, 5], 'mupdf+position': [5, 5, 5] },
  // Values only in AcroForm fields: pdftotext prints the fields' appearances, pdf.js and MuPDF page text has none (vacuous).
  'form': { 'pdfjs': [0, 5, 0], 'mupdf': [0, 5, 0], 'pdftotext': [5, 5, 5], 'pdftotext-layout': [5, 5, 5], 'pdfjs+position': [0, 5, 0], 'mupdf+position': [0, 5, 0] },
  'rotated': { 'pdfjs': [6, 6, 6], 'mupdf': [6, 6, 6], 'pdftotext': [6, 6, 6], 'pdftotext-layout': [6, 6, 6], 'pdfjs+position': [6, 6, 6], 'mupdf+position': [6, 6, 6] },
  // Visual lines across both columns: -layout and position order interleave the columns (3 labels lost).
  'columns-footnotes': { 'pdfjs': [10, 10, 10], 'mupdf': [10, 10, 10], 'pdftotext': [10, 10, 10], 'pdftotext-layout': [7, 10, 10], 'pdfjs+position': [7, 10, 14], 'mupdf+position': [7, 10, 14] },
  // The fact reader, not the engines: it knows only `1,234.5`, so `1.234.567,89 €`, `2 345 678,90 €`,
  // `CHF 4'567'890.12`, `12.345` and `7,5 %` are misread by all (only $ and £ amounts are right).
  'locale-numbers': { 'pdfjs': [2, 7, 11], 'mupdf': [2, 7, 11], 'pdftotext': [2, 7, 11], 'pdftotext-layout': [2, 7, 11], 'pdfjs+position': [2, 7, 11], 'mupdf+position': [2, 7, 11] },
}

const holds = ([matched, reference, inScope]: [number, number, number]): boolean =>
  inScope > 0 && matched / inScope >= 0.95 && matched / reference >= 0.95

describe('document-facts: facts right against the truth, per reader and document class', () => {
  const accuracy = {} as Record<Reader, ClassAccuracy[]>
  beforeAll(async () => {
    for (const reader of READER_NAMES) {
      const result = await run(pipeline, { extraction: READERS[reader] })
      expect(result.status, result.error?.message).toBe('passed')
      accuracy[reader] = classAccuracy(result.output('documents'), result.output('facts'))
    }
  })

  for (const cls of CLASSES) {
    for (const reader of READER_NAMES) {
      const measured = MEASURED[cls][reader]
      const [m, r, s] = measured
      const figures = s === 0 ? `vacuous: no fact in scope, 0 of ${r}` : `recall ${m}/${r}, precision ${m}/${s}`
      const test = holds(measured) ? it : it.fails
      test(`${reader} reads the ${cls} facts with precision and recall ≥ 95% (${figures})${holds(measured) ? '' : ' [known inaccuracy]'}`, () => {
        const a = accuracy[reader].find((x) => x.class === cls)!
        expect(a.status, `${reader} on ${cls}: no fact in scope`).toBe('scored')
        expect(a.recall, `${reader} on ${cls} missed ${a.scores.flatMap((x) => x.missed).slice(0, 5).map((k) => `${k.key}=${k.value}`).join(', ')}`).toBeGreaterThanOrEqual(0.95)
        expect(a.precision!, `${reader} on ${cls} wrong: ${a.scores.flatMap((x) => x.wrong).slice(0, 5).map((f) => f.id).join(', ')}`).toBeGreaterThanOrEqual(0.95)
      })
    }
  }

  it('measures what the table above records (a change in any reader fails here first)', () => {
    for (const cls of CLASSES) {
      for (const reader of READER_NAMES) {
        const a = accuracy[reader].find((x) => x.class === cls)!
        expect([a.matched, a.reference, a.inScope], `${reader} on ${cls}`).toEqual(MEASURED[cls][reader])
      }
    }
  })
})

// Shift and truth side by side: pairs of readers that agree (0 % shift) on facts that are
// wrong, and classes with no fact in either reader, where a shift of 0 % would be vacuous.
describe('document-facts: a small shift is not correctness', () => {
  const facts = {} as Record<Reader, Fact[]>
  beforeAll(async () => {
    for (const reader of ['pdfjs', 'mupdf', 'pdftotext'] as const) facts[reader] = (await run(pipeline, { extraction: READERS[reader] })).output('facts')
  })
  const shift = (a: Reader, b: Reader, cls: string) => idShift(facts[a].filter((f) => f.class === cls), facts[b].filter((f) => f.class === cls), () => cls)[0]

  // pdf.js → MuPDF on the ledger and the row labels: 0.0 % shift (8/8 and 18/18 facts shared),
  // while both read 0 of 8 and 0 of 15 facts right. Against the truth, pdftotext reads the row labels right.
  it('pdf.js and MuPDF agree on the ledger and the row labels, and are both wrong there', () => {
    for (const cls of ['ledger', 'row-labels']) {
      expect(shift('pdfjs', 'mupdf', cls)!.shift, cls).toBe(0)
      expect(MEASURED[cls as 'ledger'].pdfjs[0], cls).toBe(0)
    }
    expect(shift('pdfjs', 'pdftotext', 'row-labels')!.shift).toBeGreaterThan(0.5)
  })

  // pdf.js → MuPDF on the form and the Hebrew page: neither reader has a fact, so there is no
  // shift to measure (idShift has no group: vacuous), not a shift of 0 %. pdftotext reads the form right.
  it('reports the form and the right-to-left page as vacuous between pdf.js and MuPDF, not as 0% shift', () => {
    for (const cls of ['form', 'rtl']) expect(shift('pdfjs', 'mupdf', cls), cls).toBeUndefined()
    expect(shift('pdfjs', 'pdftotext', 'form')).toMatchObject({ base: 0, variant: 5, shift: 1 })
  })
})
