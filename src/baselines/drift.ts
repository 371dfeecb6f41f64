import { hashValue } from '../core/hash.ts'
import type { DriftDetail, Metric } from '../metrics/metric.ts'
import { bootstrapCI } from '../stats/bootstrap.ts'
import { mean } from '../stats/summary.ts'
import type { BaselineDriftSummary } from './format.ts'

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
 * One metric value: 0 without calling the metric when the two values hash
 * alike (a metric's 0 means identical), otherwise `metric.compute`, which
 * must give a finite number >= 0.
 */
function measure(metric: Metric, base: unknown, variant: unknown, hashes: [string, string]): number {
  if (hashes[0] === hashes[1]) return 0
  const value = metric.compute(base, variant)
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new TypeError(`metric "${metric.name}" returned ${String(value)}; a drift must be a finite number >= 0`)
  }
  return value
}

/**
 * Drift of current samples from baseline samples, paired by sample index
 * (sample i against sample i, over the samples both have).
 */
export function pairedDrift(metric: Metric, baseline: readonly unknown[], current: readonly unknown[]): PairedDrift {
  const n = Math.min(baseline.length, current.length)
  const values: number[] = []
  let worst = -1
  for (let i = 0; i < n; i++) {
    const value = measure(metric, baseline[i], current[i], [hashValue(baseline[i]), hashValue(current[i])])
    values.push(value)
    if (value > 0 && (worst < 0 || value > (values[worst] as number))) worst = i
  }
  const detail: DriftDetail = worst >= 0 && metric.details ? metric.details(baseline[worst], current[worst]) : { changed: [] }
  return { values, detail }
}

/**
 * Drift between the samples of one run themselves, over every pair i < j:
 * what the stage varies by with nothing changed. Undefined for fewer than 2
 * samples.
 */
export function noiseFloor(metric: Metric, samples: readonly unknown[]): BaselineDriftSummary | undefined {
  if (samples.length < 2) return undefined
  const hashes = samples.map((s) => hashValue(s))
  const values: number[] = []
  for (let i = 0; i < samples.length; i++) {
    for (let j = i + 1; j < samples.length; j++) {
      values.push(measure(metric, samples[i], samples[j], [hashes[i] as string, hashes[j] as string]))
    }
  }
  return summariseDrift(values)
}
