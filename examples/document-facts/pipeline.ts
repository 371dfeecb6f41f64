import { definePipeline } from 'vitest-butterfly'
import { documentFactsParams } from './params.ts'
import { benchmark } from './stages/benchmark.ts'
import { documents } from './stages/documents.ts'
import { extract } from './stages/extract.ts'
import { facts } from './stages/facts.ts'

/**
 * The document-facts pipeline: `documents` → `extract` (engine by param) →
 * `facts` (labelled numbers and dates with stable ids) → `benchmark`
 * (question/answer items). Switching `extraction.engine` is the butterfly.
 *
 * @example
 * const a = await run(pipeline, { extraction: { engine: 'pdfjs' } })
 * const b = await run(pipeline, { extraction: { engine: 'mupdf' } })
 * idShift(a.output('facts'), b.output('facts'), (f) => f.class)
 */
export const pipeline = definePipeline({
  name: 'document-facts',
  description: 'PDF extraction engine → labelled facts → benchmark items',
  params: documentFactsParams,
  stages: [documents, extract, facts, benchmark],
})

export { documentFactsParams } from './params.ts'
export type { DocumentClass, DocumentFactsParams } from './params.ts'
export type { DocumentEntry } from './stages/documents.ts'
export type { ExtractedDocument } from './stages/extract.ts'
export type { Fact } from './stages/facts.ts'
export type { BenchmarkItem } from './stages/benchmark.ts'
export { documents, extract, facts, benchmark }
export { classShift, idShift } from './shift.ts'
export type { ClassedItem, GroupShift } from './shift.ts'
export { knownFactRecall, matchesKnown } from './recall.ts'
export type { DocumentRecall } from './recall.ts'
export { corpusCases } from './corpus/cases.ts'
export type { CorpusCase, KnownFact, Layout } from './corpus/corpus-case.ts'
export { ENGINE_NAMES } from './engines/engine.ts'
export type { EngineName } from './engines/engine.ts'
export { defaultPdfDir } from './pdf-dir.ts'
