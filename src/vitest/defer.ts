import type { RunnerTestCase } from 'vitest'
import type { StabilityRecord } from '../report/record.ts'
import { stabilityMessage } from '../report/stability-message.ts'
import { pluginOptions } from './runtime.ts'
import { reporting } from './task-meta.ts'

const p = (x: number): string => String(Number(x.toPrecision(2)))

/**
 * Leaves a raw `unstable` to the suite-wide verdict. A matcher decides in its
 * worker, before the run's other p-values exist; with `multipleComparisons`
 * on, a plain `toBeStableUnder` that is `unstable` at its own α passes here,
 * marked `deferred`, and the butterfly reporter adjusts it with every
 * invariant of the run and fails the run if it is still `unstable`
 * (docs/statistics.md#suite-wide-error-control).
 *
 * Nothing is deferred without the plugin (no reporter would decide), under
 * `.not` (it passes on `unstable` anyway; the reporter can still revoke it),
 * in a `.fails` test (which needs the throw; the reporter checks that the
 * caught instability survives the adjustment), or for a `report()`
 * measurement (it decides nothing).
 */
export function deferToSuite(record: StabilityRecord, task: RunnerTestCase | undefined): StabilityRecord {
  const method = pluginOptions()?.multipleComparisons
  if (method === undefined || method === 'none' || record.outcome !== 'unstable' || record.negated || task?.fails === true) return record
  if (task && reporting.has(task)) return record
  const how = method === 'holm' ? 'Holm' : 'Benjamini–Hochberg'
  const note = `unstable at α = ${p(record.alpha)} for this invariant alone (p = ${p(record.pValue)}); the butterfly reporter decides it with the ${how} adjustment over every invariant of the run (multipleComparisons: '${method}')`
  return { ...record, pass: true, deferred: true, notes: [...record.notes, note] }
}

/**
 * The note a passing stability check leaves in the test output: one that
 * passed undecided (inconclusive, vacuous) is worth a look, and a deferred
 * one says the suite-wide verdict decides it.
 */
export function passNote(name: string, record: StabilityRecord): { note?: string } {
  if (record.deferred) return { note: `[butterfly] [${name}] ${record.notes.at(-1)!}` }
  // The stability message words the negated case itself.
  const undecided = record.pass && (record.outcome === 'inconclusive' || record.outcome === 'vacuous')
  return undecided ? { note: `[butterfly] [${name}] ${stabilityMessage(record).split('\n')[0]}` } : {}
}
