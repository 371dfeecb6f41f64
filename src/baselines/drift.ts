import type { DriftDetail, Metric } from '../metrics/metric.ts'
import { bootstrapCI } from '../stats/bootstrap.ts'
import { mean } from '../stats/summary.ts'
import type { BaselineDriftSummary } from './format.ts'
import { sampleSet } from './samples.ts'
import type { SampleSet } from './samples.ts'

/** Resamples of the bootstrap CI in baseline summaries; the seed is fixed so files do not churn. */
const RESAMPLES = 2000

/**
 * Mean, 95% bootstrap CI of the mean (seed 0, so the same values always give
 * the same interval and the same file bytes) and max of drift values.
 *
 * @example
 * summariseDrift([0, 0.5]) // { values: [0, 0.5], mean: 0.25, ci: [0, 0.5], max: 0.5 }
 */
export function summariseDrift(values: readonly number[]): BaselineDriftSummary {
  const ci = bootstrapCI(values, { resamples: RESAMPLES, seed: 0 })
  return { values: [...values], mean: mean(values), ci, max: Math.max(...values) }
}

/** Paired drift of one stage: one value per sample pair, and what changed in the pair that drifted most. */
export interface PairedDrift {
  values: number[]
  /** Details of the pair with the largest drift (empty when nothing drifted). */
  detail: DriftDetail
}

/**
 * One metric value: 0 without calling the metric (or reading the values) when
 * the two samples hash alike (a metric's 0 means identical), otherwise
 * `metric.compute`, which must give a finite number >= 0.
 */
function measure(metric: Metric, a: SampleSet, i: number, b: SampleSet, j: number): number {
  if (a.hash(i) === b.hash(j)) return 0
  const value = metric.compute(a.value(i), b.value(j))
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new TypeError(`metric "${metric.name}" returned ${String(value)}; a drift must be a finite number >= 0`)
  }
  return value
}

function asSet(samples: SampleSet | readonly unknown[]): SampleSet {
  return Array.isArray(samples) ? sampleSet(samples) : (samples as SampleSet)
}

/**
 * Drift of current samples from baseline samples, paired by sample index
 * (sample i against sample i, over the samples both have). Pairs whose
 * hashes match count 0 without the metric; arrays are hashed on first use.
 */
export function pairedDrift(metric: Metric, baseline: SampleSet | readonly unknown[], current: SampleSet | readonly unknown[]): PairedDrift {
  const base = asSet(baseline)
  const now = asSet(current)
  const n = Math.min(base.length, now.length)
  const values: number[] = []
  let worst = -1
  for (let i = 0; i < n; i++) {
    const value = measure(metric, base, i, now, i)
    values.push(value)
    if (value > 0 && (worst < 0 || value > (values[worst] as number))) worst = i
  }
  const detail: DriftDetail = worst >= 0 && metric.details ? metric.details(base.value(worst), now.value(worst)) : { changed: [] }
  return { values, detail }
}

/**
 * Drift between the samples of one run themselves, over every pair i < j:
 * what the stage varies by with nothing changed. Undefined for fewer than 2
 * samples.
 */
export function noiseFloor(metric: Metric, samples: SampleSet | readonly unknown[]): BaselineDriftSummary | undefined {
  const set = asSet(samples)
  if (set.length < 2) return undefined
  const values: number[] = []
  for (let i = 0; i < set.length; i++) {
    for (let j = i + 1; j < set.length; j++) values.push(measure(metric, set, i, set, j))
  }
  return summariseDrift(values)
}
