import type { KnownFact } from './corpus/corpus-case.ts'
import type { DocumentEntry } from './stages/documents.ts'
import type { Fact } from './stages/facts.ts'
import { referencesOf, scoreFacts } from './truth.ts'

export { matchesKnown } from './truth.ts'

/** How many of a generated document's known facts a run recovered. */
export interface DocumentRecall {
  doc: string
  layout: string
  known: number
  found: number
  recall: number
  missed: KnownFact[]
}

/**
 * Recall of the known facts of every generated document in `documents`,
 * against the facts a run produced ({@link scoreFacts} on the generated corpus).
 *
 * @example
 * knownFactRecall(result.output('documents'), result.output('facts'))
 * // [{ doc: 'gen-simple', layout: 'simple', known: 12, found: 12, recall: 1, missed: [] }, ...]
 */
export function knownFactRecall(documents: readonly DocumentEntry[], facts: readonly Fact[]): DocumentRecall[] {
  const generated = documents.filter((d) => d.source.kind === 'generated')
  return scoreFacts(facts, referencesOf(generated)).map((s, i) => {
    const source = generated[i]!.source as Extract<DocumentEntry['source'], { kind: 'generated' }>
    return { doc: s.doc, layout: source.layout, known: s.reference, found: s.matched, recall: s.recall, missed: s.missed }
  })
}
