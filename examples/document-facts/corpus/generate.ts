import { corpusCases } from './cases.ts'
import type { CorpusCase } from './corpus-case.ts'
import { writePdf } from './pdf-writer.ts'

/** A generated document: its case and its PDF bytes. */
export interface GeneratedDocument {
  case: CorpusCase
  bytes: Uint8Array
}

/**
 * Writes every corpus case as a PDF, in memory. The bytes are the same on
 * every run, so everything downstream is served from the cache.
 */
export async function generateCorpus(cases: readonly CorpusCase[] = corpusCases): Promise<GeneratedDocument[]> {
  return Promise.all(cases.map(async (c) => ({ case: c, bytes: await writePdf(c.title, c.pages()) })))
}
