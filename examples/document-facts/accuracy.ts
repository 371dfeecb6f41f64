import type { DocumentEntry } from './stages/documents.ts'
import type { Fact } from './stages/facts.ts'
import { referencesOf, scoreFacts } from './truth.ts'
import type { TruthScore } from './truth.ts'

/** Accuracy against the truth over the documents of one class. */
export interface ClassAccuracy {
  class: string
  documents: number
  reference: number
  inScope: number
  matched: number
  /** `vacuous`: no fact of the class is in any reference's scope; precision is `null`. */
  status: 'scored' | 'vacuous'
  precision: number | null
  recall: number
  /** The per-document scores, for the unmatched facts. */
  scores: TruthScore[]
}

/**
 * Scores a run's facts against every reference its documents have (the
 * generated corpus's known facts, the `truth/` files of the real PDFs) and
 * sums them per document class. Classes without a reference are left out.
 *
 * @example
 * classAccuracy(r.output('documents'), r.output('facts')).find((a) => a.class === 'ledger')
 * // { class: 'ledger', documents: 1, reference: 8, inScope: 8, matched: 0, status: 'scored', precision: 0, recall: 0, ... }
 */
export function classAccuracy(documents: readonly DocumentEntry[], facts: readonly Fact[]): ClassAccuracy[] {
  const classOf = new Map(documents.map((d) => [d.id, d.class]))
  const byClass = new Map<string, TruthScore[]>()
  for (const score of scoreFacts(facts, referencesOf(documents))) {
    const cls = classOf.get(score.doc)!
    byClass.set(cls, [...(byClass.get(cls) ?? []), score])
  }
  return [...byClass.entries()].map(([cls, scores]) => {
    const sum = (k: 'reference' | 'inScope' | 'matched'): number => scores.reduce((n, s) => n + s[k], 0)
    const [reference, inScope, matched] = [sum('reference'), sum('inScope'), sum('matched')]
    return {
      class: cls, documents: scores.length, reference, inScope, matched,
      status: inScope === 0 ? 'vacuous' : 'scored',
      precision: inScope === 0 ? null : matched / inScope,
      recall: reference === 0 ? 1 : matched / reference,
      scores,
    }
  })
}
