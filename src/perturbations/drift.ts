import type { AnyPipeline } from '../core/pipeline.ts'
import { StageError } from '../errors.ts'
import { inferMetric } from '../metrics/infer.ts'
import { checkMetricApplies } from '../metrics/applies.ts'
import type { DriftDetail, Metric } from '../metrics/metric.ts'
import { compare, estimate, noisePairs, outputsOf } from './pairing.ts'
import { computeRipple } from './ripple.ts'
import { measurementsOf } from './measurements.ts'
import type { Variant } from './variant.ts'

/** Options of a drift measurement. */
export interface DriftOptions {
  /** Confidence level of the intervals. @default 0.95 */
  confidence?: number
  /** Bootstrap resamples. @default 2000 */
  resamples?: number
  /** Bootstrap seed. @default the sweep's seed */
  seed?: number
  /** Changed items kept per variant for reports. @default 10 */
  topChanged?: number
  /**
   * Sample pairs per variant the ripple compares at stages other than the
   * measured one (evenly spread; the measured stage always uses all).
   * @default 32
   */
  rippleSamples?: number
}

/** A mean with its confidence interval. */
export interface Estimate {
  values: number[]
  mean: number
  ci: [number, number]
}

/** Drift between base samples: what the pipeline does to itself when nothing changes. */
export interface NoiseFloor extends Estimate {
  /** Number of base pairs compared (0 when repeats = 1: the noise floor is then not measured). */
  n: number
  measured: boolean
}

/** Drift of one variant against the base, paired by sample. */
export interface VariantDrift extends Estimate {
  variant: { id: string; label: string }
  max: number
  /** Paired drift beyond the noise floor: value_i − noise_i. */
  excess: Estimate
  /** What changed, per sample pair that drifted (from the metric's `details`). */
  details: DriftDetail[]
  /** The most frequent changed items over the pairs, most frequent first. */
  changed: string[]
}

/** One stage's drift in the ripple across the pipeline. */
export interface RippleEntry {
  stage: string
  metric: string
  /** Largest mean drift of any variant at this stage. */
  drift: number
  /** Mean drift between base samples at this stage. */
  noise: number
  /** Upper bound of the noise floor's interval. */
  noiseUpper: number
  /** True when the drift is above the noise floor's upper bound. */
  exceeds: boolean
  /** Set when this stage could not be compared (failed runs, a metric that does not apply). */
  error?: string
}

/** Drift of one stage under a sweep. */
export interface Drift {
  stage: string
  metric: { name: string; describe: string }
  repeats: number
  confidence: number
  perVariant: VariantDrift[]
  /** Largest mean drift of any variant. */
  max: number
  noiseFloor: NoiseFloor
  /** Per stage in pipeline order: drift vs noise (computed on first access). */
  readonly ripple: RippleEntry[]
  /** The first stage, in pipeline order, whose drift exceeds its noise floor. */
  readonly firstExceeding: string | undefined
}

/** Measures the drift of `stage` across the variants of a sweep (base = `variants[0]`). */
export function measureDrift(pipeline: AnyPipeline, variants: Variant[], stage: string, metricOption: Metric<any> | undefined, options: DriftOptions = {}): Drift {
  const bootstrap = { confidence: options.confidence ?? 0.95, resamples: options.resamples ?? 2000, seed: options.seed ?? 0 }
  const [base, ...others] = variants
  if (!base) throw new StageError(stage, '[drift] the sweep has no base variant')
  const baseOut = outputsOf(base, stage)
  const metric = metricOption ?? inferMetric(baseOut[0]!.output)
  // Identical pairs never call the metric: check once that it reads this output at all.
  const memo = measurementsOf(base)
  const first = baseOut[0]!
  checkMetricApplies(metric, () => first.output, first.hash, `stage "${stage}"`, (compute) => (memo ? memo.value(metric, first, first, compute) : compute()))
  const n = baseOut.length

  const noiseValues = noisePairs(n).map(([i, j]) => compare(metric, baseOut[i]!, baseOut[j]!, `base samples ${i} and ${j} of stage "${stage}"`, memo))
  const noiseFloor: NoiseFloor = { ...estimate(noiseValues, bootstrap, memo), n: noiseValues.length, measured: noiseValues.length > 0 }
  // Sample i's noise is that of the disjoint base pair it belongs to (the last pair for an odd last sample).
  const noiseAt = (i: number): number => noiseValues[Math.min(Math.floor(i / 2), noiseValues.length - 1)] ?? 0

  const perVariant = others.map((variant): VariantDrift => {
    const out = outputsOf(variant, stage)
    const values = out.map((o, i) => compare(metric, baseOut[i]!, o, `variant "${variant.id}" sample ${i} of stage "${stage}"`, memo))
    const details: DriftDetail[] = []
    const counts = new Map<string, number>()
    values.forEach((v, i) => {
      if (v <= 0 || !metric.details) return
      const describe = metric.details.bind(metric)
      const d = memo ? memo.details(metric, baseOut[i]!, out[i]!, () => describe(baseOut[i]!.output, out[i]!.output)) : describe(baseOut[i]!.output, out[i]!.output)
      details.push(d)
      for (const item of d.changed) counts.set(item, (counts.get(item) ?? 0) + 1)
    })
    // Map keeps first-seen order and the sort is stable: among equally frequent
    // items the metric's own order (most relevant first) survives.
    const changed = [...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, options.topChanged ?? 10).map(([k]) => k)
    const est = estimate(values, bootstrap, memo)
    return {
      variant: { id: variant.id, label: variant.label },
      ...est,
      max: Math.max(...values),
      excess: estimate(values.map((v, i) => v - noiseAt(i)), bootstrap, memo),
      details: details.slice(0, options.topChanged ?? 10),
      changed,
    }
  })

  let ripple: RippleEntry[] | undefined
  const target = { stage, metric: metric.name, drift: Math.max(0, ...perVariant.map((p) => p.mean)), noiseFloor }

  return {
    stage,
    metric: { name: metric.name, describe: metric.describe },
    repeats: n,
    confidence: bootstrap.confidence,
    perVariant,
    max: Math.max(0, ...perVariant.map((p) => p.mean)),
    noiseFloor,
    get ripple() {
      return (ripple ??= computeRipple(pipeline, variants, target, bootstrap, options.rippleSamples ?? 32))
    },
    get firstExceeding() {
      return this.ripple.find((r) => r.exceeds)?.stage
    },
  }
}
