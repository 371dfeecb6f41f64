import type { CompletedStage, RunResult } from '../core/result.ts'
import { MetricError, StageError } from '../errors.ts'
import type { Metric } from '../metrics/metric.ts'
import { bootstrapCI } from '../stats/bootstrap.ts'
import { mean } from '../stats/summary.ts'
import type { Estimate } from './drift.ts'
import type { Variant } from './variant.ts'
import type { Measurements } from './measurements.ts'
import { own } from '../core/own.ts'
import { skipCause } from '../core/root-cause.ts'

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
    const r = own(run.stages, stage)
    if (!r) throw new StageError(stage, `[drift] pipeline "${run.pipeline}" has no stage "${stage}" (stages: ${run.order.join(', ')})`)
    if (r.status === 'executed' || r.status === 'cached') return r
    const why = r.status === 'failed' ? r.error.message : `it was skipped because ${skipCause(run.stages, r.because).text}`
    throw new StageError(stage, `[drift] stage "${stage}" has no output in variant "${variant.id}" sample ${run.sample}: ${why}`)
  })
}


/**
 * One metric value between two stage results; equal hashes short-circuit to
 * 0, and a value memoised in `memo` (the sweep's measurements) is served
 * without reading either output.
 */
export function compare(metric: Metric<any>, a: CompletedStage, b: CompletedStage, where: string, memo?: Measurements): number {
  if (a.hash === b.hash) return 0
  const value = memo ? memo.value(metric, a, b, () => metric.compute(a.output, b.output)) : metric.compute(a.output, b.output)
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

/** Mean and bootstrap CI of drift values; 0 with [0, 0] when there are none. The interval is memoised in `memo` when given. */
export function estimate(values: number[], options: BootstrapSettings, memo?: Measurements): Estimate {
  if (values.length === 0) return { values, mean: 0, ci: [0, 0] }
  const ci = (): [number, number] => bootstrapCI(values, options)
  return { values, mean: mean(values), ci: memo ? memo.interval(values, options, ci) : ci() }
}
