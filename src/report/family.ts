import type { MultipleComparisons } from '../stats/multiplicity.ts'
import { adjustPValues } from '../stats/multiplicity.ts'
import type { ReportTest } from './model.ts'
import type { StabilityOutcomeRecord, StabilityRecord } from './record.ts'

/** The suite-wide adjustment of a run, in the report's summary. */
export interface FamilySummary {
  method: MultipleComparisons
  /** Invariants in the family. */
  family: number
  /** Invariants `unstable` at their own α alone. */
  unstableRaw: number
  /** Invariants still `unstable` after the adjustment. */
  unstable: number
  /**
   * Tests whose verdict the adjustment changed into a failure that Vitest
   * could not see in the worker (an instability confirmed across the family,
   * or a claimed instability that does not survive it), `file > test`; the
   * run fails when there is any.
   */
  failures: string[]
  /**
   * The `report()` measurements with a p-value, adjusted among themselves
   * (not in `family`; they never change a verdict or the exit code). Absent when there are none.
   */
  reported?: { family: number; unstableRaw: number; unstable: number }
}

/**
 * Whether a stability assertion passes (before `.not`) with this outcome:
 * `.not` claims `unstable`; otherwise `unstable` fails and `inconclusive` /
 * `vacuous` follow `onInconclusive` / `onVacuous`.
 */
export function stabilityPasses(outcome: StabilityOutcomeRecord, r: Pick<StabilityRecord, 'negated' | 'onInconclusive' | 'onVacuous'>): boolean {
  if (r.negated) return outcome !== 'unstable'
  if (outcome === 'unstable') return false
  if (outcome === 'inconclusive') return r.onInconclusive === 'pass'
  if (outcome === 'vacuous') return r.onVacuous === 'pass'
  return true
}

const fails = (r: StabilityRecord, pass: boolean): boolean => pass === r.negated

/**
 * Applies the suite-wide multiplicity adjustment to every stability record of
 * the tests that ran: one family per run, so a merged sharded run judges the
 * same family as an unsharded one. Each record gets `suite` and a `pass` from
 * the adjusted outcome; a test whose verdict changes into a failure is listed
 * in `failures` (the reporter fails the run for them).
 *
 * Measurements put in with `report()` are not in that family: adding one
 * must not make an asserted invariant's verdict (or the exit code) more
 * lenient. They are adjusted among themselves, by the same method, so each
 * outcome they print still comes with its error rate over what was printed.
 *
 * Adjusted p-values are compared with each record's own α; with different α
 * in one family the error rate is controlled at the largest of them.
 */
export function applyFamily(tests: readonly ReportTest[], method: MultipleComparisons): { tests: ReportTest[]; summary: FamilySummary } {
  const asserted: Member[] = []
  const reported: Member[] = []
  tests.forEach((test, t) => {
    if (test.state === 'skipped' || test.state === 'pending') return
    test.records.forEach((record, r) => {
      if (record.kind === 'stability' && Number.isFinite(record.pValue) && record.outcome !== 'vacuous') (record.reported ? reported : asserted).push({ t, r, record })
    })
  })
  const out = tests.map((test) => ({ ...test, records: [...test.records] }))
  const changed = new Map<number, { toFailed: boolean; toPassed: boolean }>()
  adjust(asserted, method, out, (t, before, after) => {
    const c = changed.get(t) ?? { toFailed: false, toPassed: false }
    if (after) c.toFailed = true
    else c.toPassed = true
    changed.set(t, c)
  })
  // A reported measurement informs: its adjusted outcome is shown, and it changes no test.
  adjust(reported, method, out, () => {}, 'reported')
  for (const [t, c] of changed) {
    const test = out[t]!
    if (test.state !== 'passed') continue
    const anyFails = test.records.some((r) => r.kind === 'error' || (r.kind === 'stability' ? !r.reported && fails(r, r.pass) : r.kind !== 'run' && r.pass === r.negated))
    // A `.fails` test passed because an assertion threw; if the adjustment clears every butterfly failure, nothing was caught.
    if (test.expectedFailure ? c.toPassed && !anyFails : c.toFailed) test.familyFailure = true
  }
  // Read from the flags, so that judging an already judged report again gives the same summary.
  const failures = out.filter((t) => t.familyFailure).map((t) => `${t.file} > ${t.name.join(' > ')}`)
  const counts = (members: Member[]): { family: number; unstableRaw: number; unstable: number } => {
    const judged = members.map((m) => out[m.t]!.records[m.r] as StabilityRecord)
    return { family: members.length, unstableRaw: judged.filter((r) => r.outcome === 'unstable').length, unstable: judged.filter((r) => r.suite?.outcome === 'unstable').length }
  }
  return {
    tests: out,
    summary: { method, ...counts(asserted), failures, ...(reported.length > 0 ? { reported: counts(reported) } : {}) },
  }
}

interface Member { t: number; r: number; record: StabilityRecord }

// Adjusts one family in place in `out`; `onChange(test, before, after)` hears of each verdict the adjustment turned (true: into a failure).
function adjust(
  members: readonly Member[], method: MultipleComparisons, out: ReportTest[], onChange: (t: number, before: boolean, after: boolean) => void, scope?: 'reported',
): void {
  const adjusted = adjustPValues(members.map((m) => Math.min(1, Math.max(0, m.record.pValue))), method)
  members.forEach(({ t, r, record }, i) => {
    const adjustedPValue = adjusted[i]!
    const outcome: StabilityOutcomeRecord = record.outcome === 'unstable' && adjustedPValue > record.alpha ? 'inconclusive' : record.outcome
    const pass = stabilityPasses(outcome, record)
    out[t]!.records[r] = { ...record, pass, suite: { method, family: members.length, adjustedPValue, outcome, ...(scope ? { scope } : {}) } }
    if (fails(record, record.pass) !== fails(record, pass)) onChange(t, fails(record, record.pass), fails(record, pass))
  })
}
