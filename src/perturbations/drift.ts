import type { AnyPipeline } from '../core/pipeline.ts'
import { topologicalOrder } from '../core/pipeline.ts'
import type { CompletedStage, RunResult } from '../core/result.ts'
import { MetricError, StageError } from '../errors.ts'
import { inferMetric } from '../metrics/infer.ts'
import type { DriftDetail, Metric } from '../metrics/metric.ts'
import { bootstrapCI } from '../stats/bootstrap.ts'
import { mean } from '../stats/summary.ts'
import type { Variant } from './sweep.ts'

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

const EPS = 1e-12

function outputsOf(variant: Variant, stage: string): CompletedStage[] {
  return variant.runs.map((run: RunResult) => {
    const r = run.stages[stage]
    if (!r) throw new StageError(stage, `[butterfly] [drift] pipeline "${run.pipeline}" has no stage "${stage}" (stages: ${run.order.join(', ')})`)
    if (r.status === 'executed' || r.status === 'cached') return r
    const why = r.status === 'failed' ? r.error.message : `it was skipped because "${r.because}" did not complete`
    throw new StageError(stage, `[butterfly] [drift] stage "${stage}" has no output in variant "${variant.id}" sample ${run.sample}: ${why}`)
  })
}

function compare(metric: Metric<any>, a: CompletedStage, b: CompletedStage, where: string): number {
  if (a.hash === b.hash) return 0
  const value = metric.compute(a.output, b.output)
  if (typeof value !== 'number' || Number.isNaN(value)) {
    throw new MetricError(`[butterfly] [metric:${metric.name}] returned ${String(value)} for ${where}; a metric must return a number ≥ 0`)
  }
  return value
}

function noisePairs(n: number): [number, number][] {
  if (n < 2) return []
  if (n === 2) return [[0, 1]]
  return Array.from({ length: n }, (_, i) => [i, (i + 1) % n] as [number, number])
}

function estimate(values: number[], options: Required<Pick<DriftOptions, 'confidence' | 'resamples' | 'seed'>>): Estimate {
  if (values.length === 0) return { values, mean: 0, ci: [0, 0] }
  return { values, mean: mean(values), ci: bootstrapCI(values, options) }
}

/** Measures the drift of `stage` across the variants of a sweep (base = `variants[0]`). */
export function measureDrift(pipeline: AnyPipeline, variants: Variant[], stage: string, metricOption: Metric<any> | undefined, options: DriftOptions = {}): Drift {
  const bootstrap = { confidence: options.confidence ?? 0.95, resamples: options.resamples ?? 2000, seed: options.seed ?? 0 }
  const [base, ...others] = variants
  if (!base) throw new StageError(stage, '[butterfly] [drift] the sweep has no base variant')
  const baseOut = outputsOf(base, stage)
  const metric = metricOption ?? inferMetric(baseOut[0]!.output)
  const n = baseOut.length

  const noiseValues = noisePairs(n).map(([i, j]) => compare(metric, baseOut[i]!, baseOut[j]!, `base samples ${i} and ${j} of stage "${stage}"`))
  const noiseFloor: NoiseFloor = { ...estimate(noiseValues, bootstrap), n: noiseValues.length, measured: noiseValues.length > 0 }
  const noiseAt = (i: number): number => (n >= 3 ? noiseValues[i]! : noiseValues[0] ?? 0)

  const perVariant = others.map((variant): VariantDrift => {
    const out = outputsOf(variant, stage)
    const values = out.map((o, i) => compare(metric, baseOut[i]!, o, `variant "${variant.id}" sample ${i} of stage "${stage}"`))
    const details: DriftDetail[] = []
    const counts = new Map<string, number>()
    values.forEach((v, i) => {
      if (v <= 0 || !metric.details) return
      const d = metric.details(baseOut[i]!.output, out[i]!.output)
      details.push(d)
      for (const item of d.changed) counts.set(item, (counts.get(item) ?? 0) + 1)
    })
    // Map keeps first-seen order and the sort is stable: among equally frequent
    // items the metric's own order (most relevant first) survives.
    const changed = [...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, options.topChanged ?? 10).map(([k]) => k)
    const est = estimate(values, bootstrap)
    return {
      variant: { id: variant.id, label: variant.label },
      ...est,
      max: Math.max(...values),
      excess: estimate(values.map((v, i) => v - noiseAt(i)), bootstrap),
      details: details.slice(0, options.topChanged ?? 10),
      changed,
    }
  })

  let ripple: RippleEntry[] | undefined
  const computeRipple = (): RippleEntry[] => topologicalOrder(pipeline.stages).map((s): RippleEntry => {
    if (s.name === stage) {
      const drift = Math.max(0, ...perVariant.map((p) => p.mean))
      return { stage: s.name, metric: metric.name, drift, noise: noiseFloor.mean, noiseUpper: noiseFloor.ci[1], exceeds: drift > noiseFloor.ci[1] + EPS }
    }
    try {
      const b = outputsOf(base, s.name)
      const m = inferMetric(b[0]!.output)
      const noise = estimate(noisePairs(n).map(([i, j]) => compare(m, b[i]!, b[j]!, `base samples of stage "${s.name}"`)), bootstrap)
      const drift = Math.max(0, ...others.map((v) => {
        const o = outputsOf(v, s.name)
        return mean(o.map((x, i) => compare(m, b[i]!, x, `variant "${v.id}" of stage "${s.name}"`)))
      }))
      return { stage: s.name, metric: m.name, drift, noise: noise.mean, noiseUpper: noise.ci[1], exceeds: drift > noise.ci[1] + EPS }
    } catch (error) {
      return { stage: s.name, metric: '-', drift: 0, noise: 0, noiseUpper: 0, exceeds: false, error: (error as Error).message }
    }
  })

  return {
    stage,
    metric: { name: metric.name, describe: metric.describe },
    repeats: n,
    confidence: bootstrap.confidence,
    perVariant,
    max: Math.max(0, ...perVariant.map((p) => p.mean)),
    noiseFloor,
    get ripple() {
      return (ripple ??= computeRipple())
    },
    get firstExceeding() {
      return this.ripple.find((r) => r.exceeds)?.stage
    },
  }
}
