import type { KnownFact } from './corpus/corpus-case.ts'
import type { DocumentEntry } from './stages/documents.ts'
import type { Fact } from './stages/facts.ts'

/** How many of a generated document's known facts a run recovered. */
export interface DocumentRecall {
  doc: string
  layout: string
  known: number
  found: number
  recall: number
  missed: KnownFact[]
}

/** True when `fact` is the known fact: same value and unit, the key word in its label, and the ordinal when one is known. */
export function matchesKnown(fact: Fact, known: KnownFact): boolean {
  return fact.value === known.value
    && fact.unit === (known.unit ?? '')
    && fact.label.split(' ').includes(known.key)
    && (known.ordinal === undefined || fact.ordinal === known.ordinal)
}

/**
 * Recall of the known facts of every generated document in `documents`,
 * against the facts a run produced.
 *
 * @example
 * knownFactRecall(result.output('documents'), result.output('facts'))
 * // [{ doc: 'gen-simple', layout: 'simple', known: 12, found: 12, recall: 1, missed: [] }, ...]
 */
export function knownFactRecall(documents: readonly DocumentEntry[], facts: readonly Fact[]): DocumentRecall[] {
  return documents.flatMap((doc) => {
    if (doc.source.kind !== 'generated') return []
    const mine = facts.filter((f) => f.doc === doc.id)
    const missed = doc.source.known.filter((k) => !mine.some((f) => matchesKnown(f, k)))
    const known = doc.source.known.length
    return [{ doc: doc.id, layout: doc.source.layout, known, found: known - missed.length, recall: known === 0 ? 1 : (known - missed.length) / known, missed }]
  })
}
