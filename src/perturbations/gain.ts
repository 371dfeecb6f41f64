import type { AnyPipeline } from '../core/pipeline.ts'
import { topologicalOrder } from '../core/pipeline.ts'
import type { CompletedStage } from '../core/result.ts'
import { needsOf } from '../core/stage.ts'
import { inferMetric } from '../metrics/infer.ts'
import type { Metric } from '../metrics/metric.ts'
import { createIndexRng } from '../stats/rng.ts'
import { compare, outputsOf } from './pairing.ts'
import { measurementsOf } from './measurements.ts'
import { spreadIndices } from './ripple.ts'
import type { Variant } from './variant.ts'

/** Options of {@link measureGain}. */
export interface GainOptions {
  /** Metrics by stage. @default inferred from each stage's base output */
  metrics?: Partial<Record<string, Metric<any>>>
  /** Sample pairs per variant, evenly spread. @default 32 */
  samples?: number
  /** Level of the interval. @default 0.95 */
  confidence?: number
  /** Bootstrap resamples. @default 2000 */
  resamples?: number
  /** Bootstrap seed. @default 0 */
  seed?: number
}

/**
 * How one stage passes a perturbation on, for one variant:
 * - `source`: its inputs did not drift but its output did: the perturbation acts here;
 * - `amplifies` / `damps`: the interval of its gain lies above / below 1;
 * - `passes`: the interval holds 1;
 * - `still`: neither its inputs nor its output drifted.
 */
export type GainRole = 'source' | 'amplifies' | 'damps' | 'passes' | 'still'

/** The amplification of one stage under one variant (see {@link measureGain}). */
export interface StageGain {
  stage: string
  variant: { id: string; label: string }
  /** The stage's direct inputs (its `needs`). */
  inputs: string[]
  metric: string
  /** Mean drift of the stage's output against the base, over the compared samples. */
  outputDrift: number
  /** Mean over the same samples of the mean drift of its inputs (each with its own metric). */
  inputDrift: number
  /** outputDrift ÷ inputDrift with a percentile-bootstrap interval; null when the inputs did not drift. */
  gain: { estimate: number; lower: number; upper: number; confidence: number } | null
  role: GainRole
  /** Sample pairs compared. */
  n: number
  /** Set when the stage could not be compared (failed runs, a metric that does not apply). */
  error?: string
}

/**
 * Each stage's amplification of a perturbation: its output drift against the
 * drift of its inputs, measured on the same sample pairs (base sample i vs
 * variant sample i). The gain is the ratio of the two means; its interval
 * resamples the sample pairs (percentile bootstrap of the ratio, seeded), so
 * the numerator and denominator stay paired. Drifts are in each stage's own
 * metric units: a gain compares like with like when the metrics are shares in
 * [0, 1] (most built-in metrics), and is a rate of units otherwise.
 *
 * @example
 * const s = await sweep(pipeline, { perturbations: perturb.swap('extraction.engine', ['mupdf']), repeats: 3 })
 * s.gain().filter((g) => g.role === 'amplifies') // the butterfly stages
 */
export function measureGain(pipeline: AnyPipeline, variants: Variant[], options: GainOptions = {}): StageGain[] {
  const [base, ...others] = variants
  if (!base) return []
  const picked = spreadIndices(base.runs.length, options.samples ?? 32)
  const confidence = options.confidence ?? 0.95
  const order = topologicalOrder(pipeline.stages, pipeline.name)
  const out: StageGain[] = []
  for (const variant of others) {
    // Per stage, the drift of each picked sample pair, or why there is none.
    const drifts = new Map<string, { metric: string; values: number[] } | { error: string }>()
    for (const stage of order) {
      try {
        const b = outputsOf(base, stage.name)
        const v = outputsOf(variant, stage.name)
        const given = options.metrics && Object.hasOwn(options.metrics, stage.name) ? options.metrics[stage.name] : undefined
        const metric = given ?? inferMetric(b[0]!.output)
        drifts.set(stage.name, { metric: metric.name, values: picked.map((i) => compare(metric, b[i] as CompletedStage, v[i] as CompletedStage, `variant "${variant.id}" sample ${i} of stage "${stage.name}"`, measurementsOf(base))) })
      } catch (error) {
        drifts.set(stage.name, { error: (error as Error).message })
      }
    }
    for (const [k, stage] of order.entries()) {
      const inputs = needsOf(stage).map(([, dep]) => dep.name)
      const own = drifts.get(stage.name)!
      const upstream = inputs.map((name) => drifts.get(name)!)
      const broken = [own, ...upstream].find((d): d is { error: string } => 'error' in d)
      const common = { stage: stage.name, variant: { id: variant.id, label: variant.label }, inputs, n: picked.length }
      if (broken) {
        out.push({ ...common, metric: 'metric' in own ? own.metric : '-', outputDrift: 0, inputDrift: 0, gain: null, role: 'still', error: broken.error })
        continue
      }
      const y = (own as { values: number[] }).values
      const x = picked.map((_, i) => (inputs.length === 0 ? 0 : upstream.reduce((s, d) => s + (d as { values: number[] }).values[i]!, 0) / inputs.length))
      const outputDrift = mean(y)
      const inputDrift = mean(x)
      const gain = inputDrift > 0 ? ratioInterval(x, y, confidence, options.resamples ?? 2000, (options.seed ?? 0) + k) : null
      out.push({ ...common, metric: (own as { metric: string }).metric, outputDrift, inputDrift, gain, role: roleOf(outputDrift, gain) })
    }
  }
  return out
}

function roleOf(outputDrift: number, gain: StageGain['gain']): GainRole {
  if (gain === null) return outputDrift > 0 ? 'source' : 'still'
  if (gain.lower > 1) return 'amplifies'
  if (gain.upper < 1) return 'damps'
  return 'passes'
}

function mean(xs: readonly number[]): number {
  return xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length
}

/** Ratio of means Σy / Σx with a percentile-bootstrap interval over the pairs (resamples whose Σx is 0 are redrawn as undefined ratios and left out). */
function ratioInterval(x: readonly number[], y: readonly number[], confidence: number, resamples: number, seed: number): { estimate: number; lower: number; upper: number; confidence: number } {
  const n = x.length
  const estimate = y.reduce((a, b) => a + b, 0) / x.reduce((a, b) => a + b, 0)
  const pick = createIndexRng(seed)
  const ratios: number[] = []
  for (let r = 0; r < resamples; r++) {
    let sx = 0
    let sy = 0
    for (let i = 0; i < n; i++) {
      const j = pick(n)
      sx += x[j]!
      sy += y[j]!
    }
    if (sx > 0) ratios.push(sy / sx)
  }
  ratios.sort((a, b) => a - b)
  if (ratios.length === 0) return { estimate, lower: estimate, upper: estimate, confidence }
  const tail = (1 - confidence) / 2
  const at = (q: number): number => ratios[Math.min(ratios.length - 1, Math.max(0, Math.floor(q * ratios.length)))]!
  return { estimate, lower: at(tail), upper: at(1 - tail), confidence }
}
