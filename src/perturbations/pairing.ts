import type { CompletedStage, RunResult } from '../core/result.ts'
import { MetricError, StageError } from '../errors.ts'
import type { Metric } from '../metrics/metric.ts'
import { bootstrapCI } from '../stats/bootstrap.ts'
import { mean } from '../stats/summary.ts'
import type { Estimate } from './drift.ts'
import type { Variant } from './variant.ts'

/** Bootstrap settings every estimate of one drift measurement shares. */
export interface BootstrapSettings {
  confidence: number
  resamples: number
  seed: number
}

/** Drift must rise above the noise floor by more than float rounding to count. */
export const EPS = 1e-12

/** The completed results of `stage` in every run of a variant; throws naming the variant and sample that has none. */
export function outputsOf(variant: Variant, stage: string): CompletedStage[] {
  return variant.runs.map((run: RunResult) => {
    const r = run.stages[stage]
    if (!r) throw new StageError(stage, `[drift] pipeline "${run.pipeline}" has no stage "${stage}" (stages: ${run.order.join(', ')})`)
    if (r.status === 'executed' || r.status === 'cached') return r
    const why = r.status === 'failed' ? r.error.message : `it was skipped because ${rootCause(run, r.because)}`
    throw new StageError(stage, `[drift] stage "${stage}" has no output in variant "${variant.id}" sample ${run.sample}: ${why}`)
  })
}

// Follows a chain of skips up to the stage that failed, so the message names the real cause.
function rootCause(run: RunResult, stage: string): string {
  const seen = new Set<string>()
  let name = stage
  for (let r = run.stages[name]; r?.status === 'skipped' && !seen.has(name); r = run.stages[name]) {
    seen.add(name)
    name = r.because
  }
  const r = run.stages[name]
  return r?.status === 'failed' ? `"${name}" failed: ${r.error.message.replace(/^\[butterfly\] /, '')}` : `"${name}" did not complete`
}

/** One metric value between two stage results; equal hashes short-circuit to 0. */
export function compare(metric: Metric<any>, a: CompletedStage, b: CompletedStage, where: string): number {
  if (a.hash === b.hash) return 0
  const value = metric.compute(a.output, b.output)
  if (typeof value !== 'number' || Number.isNaN(value)) {
    throw new MetricError(`[metric:${metric.name}] returned ${String(value)} for ${where}; a metric must return a number ≥ 0`)
  }
  return value
}

/**
 * Base sample pairs of the noise floor: disjoint pairs (0, 1), (2, 3), …, so
 * that the values are independent and an interval over them is honest (ring
 * pairs (i, i+1) share samples: their bootstrap covered 36 % at n = 5).
 */
export function noisePairs(n: number): [number, number][] {
  return Array.from({ length: Math.floor(n / 2) }, (_, j) => [2 * j, 2 * j + 1] as [number, number])
}

/** Mean and bootstrap CI of drift values; 0 with [0, 0] when there are none. */
export function estimate(values: number[], options: BootstrapSettings): Estimate {
  if (values.length === 0) return { values, mean: 0, ci: [0, 0] }
  return { values, mean: mean(values), ci: bootstrapCI(values, options) }
}
