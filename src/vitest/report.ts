import type { MatcherState } from 'vitest'
import { ButterflyError } from '../errors.ts'
import type { SweepResult } from '../perturbations/sweep.ts'
import type { StabilityRecord } from '../report/record.ts'
import type { StableUnderOptions } from './matcher-types.ts'
import { isSweepResult } from './received.ts'
import { currentTest, reporting } from './task-meta.ts'
import { toBeStableUnder } from './to-be-stable-under.ts'

/**
 * Puts a measurement made inside a test into the butterfly reports (console,
 * Markdown, HTML, JSON) and annotates the test with its figures, without
 * asserting on it: the record is judged exactly as `toBeStableUnder` judges
 * it, marked `reported`, and a claim that does not hold shows as "needs a
 * look" instead of failing the test. Returns the record. Must be called
 * (and awaited) inside a test.
 *
 * @example
 * const result = await sweep(pipeline, { perturbations: [perturb.jitter('generation.top_p', 0.05)], repeats: 5 })
 * const record = await report(result, { stage: 'select', metric: metrics.top1(), tolerance: 0 })
 * expect(record.variants).toHaveLength(2)
 */
export async function report(result: SweepResult, options: StableUnderOptions): Promise<StabilityRecord> {
  const task = currentTest({} as MatcherState)
  if (!task) throw new ButterflyError('[butterfly] [report] must be called inside a test: the measurement is reported on that test')
  if (!isSweepResult(result)) throw new ButterflyError(`[butterfly] [report] expects a sweep result (sweep()), got ${result === null ? 'null' : typeof result}`)
  reporting.add(task)
  try {
    await toBeStableUnder.call({ isNot: false, task } as unknown as MatcherState, result, options)
  } finally {
    reporting.delete(task)
  }
  return task.meta.butterfly!.records.at(-1) as StabilityRecord
}
