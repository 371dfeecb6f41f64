import type { MatcherState } from 'vitest'
import { ButterflyError } from '../errors.ts'
import type { RunResult } from '../core/result.ts'
import type { SweepResult } from '../perturbations/sweep.ts'
import type { RunRecord, StabilityRecord } from '../report/record.ts'
import { checkedStability } from '../verdict/checked.ts'
import type { StabilityVerdict } from '../verdict/types.ts'
import { annotateRecord } from './annotate.ts'
import { executionRecord } from './execution.ts'
import type { StableUnderOptions } from './matcher-types.ts'
import { isRunResult, isSweepResult } from './received.ts'
import { runRecord } from './run-record.ts'
import { stabilityRecord } from './stability-record.ts'
import { attachRecord, currentTest, reporting } from './task-meta.ts'
import { toBeStableUnder } from './to-be-stable-under.ts'

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null
const looksLikeVerdict = (x: unknown): x is StabilityVerdict => isObject(x) && typeof x.outcome === 'string' && typeof x.pValue === 'number' && Array.isArray(x.variants)
const kindOf = (x: unknown): string => (x === null ? 'null' : Array.isArray(x) ? 'an array' : typeof x)

/**
 * Puts a measurement made inside a test into the butterfly reports (console,
 * Markdown, HTML, JSON) and annotates the test with its headline (Vitest's
 * annotation API), without asserting on it. Takes
 *
 * - a `sweep()` result with the options `toBeStableUnder` takes (`stage`,
 *   `tolerance`, ...): judged exactly as the matcher judges it;
 * - a `checkStability()` (or `sweep().verdict()`) verdict, as it was
 *   returned (it keeps the sweep it was judged on, for the drift per variant
 *   and the ripple); no options;
 * - a `run()` result: what each stage did, its output hash and model calls.
 *
 * The record is marked `reported`: a claim that does not hold (or a failed
 * run) shows as "needs a look" and never fails the test, and a reported
 * verdict is adjusted with the run's other reported measurements, never in
 * the family of asserted invariants, so it changes no exit code
 * (docs/statistics.md#suite-wide-error-control). Returns the record as
 * stored. Must be called (and awaited) inside a test.
 *
 * @example
 * const verdict = await checkStability(pipeline, perturb.jitter('generation.top_p', 0.05), { stage: 'select', tolerance: 0, repeats: 5 })
 * await report(verdict)
 * await report(await run(pipeline))
 * await report(await sweep(pipeline, { perturbations, repeats: 5 }), { stage: 'select', metric: metrics.top1(), tolerance: 0 })
 */
export async function report(result: SweepResult, options: StableUnderOptions): Promise<StabilityRecord>
export async function report(verdict: StabilityVerdict): Promise<StabilityRecord>
// Any typed run of any pipeline.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function report(run: RunResult<any, any>): Promise<RunRecord>
export async function report(result: SweepResult | StabilityVerdict | RunResult, options?: StableUnderOptions): Promise<StabilityRecord | RunRecord> {
  const task = currentTest({} as MatcherState)
  if (!task) throw new ButterflyError('must be called inside a test: the measurement is reported on that test', { component: 'report' })
  if (isSweepResult(result)) {
    if (!isObject(options)) throw new ButterflyError('a sweep result needs the options to judge it: report(result, { stage, tolerance, ... })', { component: 'report' })
    reporting.add(task)
    try {
      await toBeStableUnder.call({ isNot: false, task } as unknown as MatcherState, result, options)
    } finally {
      reporting.delete(task)
    }
    return task.meta.butterfly!.records.at(-1) as StabilityRecord
  }
  if (options !== undefined) throw new ButterflyError('options apply to a sweep result only; a checkStability() verdict and a run() result carry their own', { component: 'report' })
  let record: StabilityRecord | RunRecord
  if (isRunResult(result)) {
    record = runRecord(task, result)
  } else if (looksLikeVerdict(result)) {
    const check = checkedStability(result)
    if (!check) {
      throw new ButterflyError('the verdict was not returned by checkStability() or sweep().verdict() in this test file (a copy keeps no sweep to draw the drift and ripple from): pass the verdict itself, or the sweep result with its options', { component: 'report' })
    }
    const drift = check.sweep.drift(check.stage, check.metric)
    const execution = executionRecord(task, check.sweep, check.sweep.variants.flatMap((v) => v.runs))
    record = { ...stabilityRecord(check.sweep, drift, result, check.options, false, execution), reported: true }
  } else {
    throw new ButterflyError(`expects a sweep result (sweep()), a checkStability() verdict or a run() result, got ${kindOf(result)}`, { component: 'report' })
  }
  const stored = attachRecord(task, record) ?? record
  annotateRecord(task, stored)
  return stored as StabilityRecord | RunRecord
}
