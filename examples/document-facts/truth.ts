import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { KnownFact } from './corpus/corpus-case.ts'
import type { DocumentEntry } from './stages/documents.ts'
import type { Fact } from './stages/facts.ts'

/** The reference facts of one document: what a right extraction yields, label–value pairs in the `facts` stage's normalised form. */
export interface Reference {
  doc: string
  /** What the reference covers (e.g. the rows of one table) and what it leaves out. */
  scope?: string
  /** How the reference was checked. */
  checked?: string
  facts: KnownFact[]
}

/** How one run's facts of one document score against its reference. */
export interface TruthScore {
  doc: string
  /** `vacuous`: the engine gave no fact in the reference's scope, so there is nothing to be right or wrong about (precision is `null`). */
  status: 'scored' | 'vacuous'
  reference: number
  /** Facts in scope: those whose value is a reference value of the document or whose label holds a reference key. */
  inScope: number
  matched: number
  /** matched / inScope; `null` when nothing is in scope. */
  precision: number | null
  /** matched / reference (1 for an empty reference). */
  recall: number
  /** Reference facts no fact matched. */
  missed: KnownFact[]
  /** Facts in scope that match no reference fact: a wrong label, a wrong value or a wrong column. */
  wrong: Fact[]
}

const words = (s: string): string[] => s.split(' ').filter(Boolean)

// The checks of `matchesKnown` on words already split: scoring checks every fact
// against every reference fact of its document (a reference file holds up to
// 1,210), so each label and key is split once per scoring, not once per check.
function matchesSplit(fact: Fact, label: ReadonlySet<string>, known: KnownFact, key: readonly string[]): boolean {
  return fact.value === known.value
    && fact.unit === (known.unit ?? '')
    && key.every((w) => label.has(w))
    && (known.ordinal === undefined || fact.ordinal === known.ordinal)
}

/** True when `fact` is the reference fact: same value and unit, every word of the key in its label, and the ordinal when one is given. */
export function matchesKnown(fact: Fact, known: KnownFact): boolean {
  return matchesSplit(fact, new Set(words(fact.label)), known, words(known.key))
}

/**
 * Scores a run's facts against reference facts, per document: precision
 * and recall of label–value pairs, each reference fact matched by at most
 * one fact. Precision counts only the facts in the reference's scope (a
 * reference value, or a reference key in the label), so a reference of one
 * table does not call the page's other numbers wrong, while a right number
 * under the wrong row label, or a glued number under the right one, is.
 *
 * @example
 * scoreFacts(result.output('facts'), [{ doc: 'gen-simple', facts: [{ key: 'bridge', value: '318', unit: 'm' }] }])
 * // [{ doc: 'gen-simple', status: 'scored', reference: 1, inScope: 1, matched: 1, precision: 1, recall: 1, missed: [], wrong: [] }]
 */
export function scoreFacts(facts: readonly Fact[], references: readonly Reference[]): TruthScore[] {
  const labels = new Map<Fact, Set<string>>()
  const labelOf = (f: Fact): Set<string> => {
    let label = labels.get(f)
    if (!label) labels.set(f, (label = new Set(words(f.label))))
    return label
  }
  return references.map((ref) => {
    const values = new Set(ref.facts.map((k) => k.value))
    const keys = ref.facts.map((k) => words(k.key))
    const inScope = facts.filter((f) => f.doc === ref.doc
      && (values.has(f.value) || keys.some((key) => key.every((w) => labelOf(f).has(w)))))
    const used = new Set<Fact>()
    const missed = ref.facts.filter((k, i) => {
      const hit = inScope.find((f) => !used.has(f) && matchesSplit(f, labelOf(f), k, keys[i]!))
      if (hit) used.add(hit)
      return !hit
    })
    const matched = used.size
    return {
      doc: ref.doc,
      status: inScope.length === 0 ? 'vacuous' : 'scored',
      reference: ref.facts.length,
      inScope: inScope.length,
      matched,
      precision: inScope.length === 0 ? null : matched / inScope.length,
      recall: ref.facts.length === 0 ? 1 : matched / ref.facts.length,
      missed,
      wrong: inScope.filter((f) => !used.has(f)),
    }
  })
}

const truthDir = fileURLToPath(new URL('./truth/', import.meta.url))

/**
 * The reviewed reference files under `truth/` (one JSON per real PDF, named
 * by the document id), for the documents in `ids` (all when left out).
 *
 * @example
 * referenceFiles(['us-fbi-nics-background-checks'])[0].facts.length // 1210
 */
export function referenceFiles(ids?: readonly string[]): Reference[] {
  return readdirSync(truthDir).filter((f) => f.endsWith('.json')).sort()
    .map((f) => JSON.parse(readFileSync(join(truthDir, f), 'utf8')) as Reference)
    .filter((r) => ids === undefined || ids.includes(r.doc))
}

/**
 * The references of a run's documents: the known facts of every generated
 * document, and the reference file of every real one that has one.
 *
 * @example
 * scoreFacts(r.output('facts'), referencesOf(r.output('documents')))
 */
export function referencesOf(documents: readonly DocumentEntry[]): Reference[] {
  const files = new Map(referenceFiles().map((r) => [r.doc, r]))
  return documents.flatMap((d) => (d.source.kind === 'generated' ? [{ doc: d.id, facts: d.source.known }] : files.has(d.id) ? [files.get(d.id)!] : []))
}
