import type { AnyPipeline } from '../core/pipeline.ts'
import { topologicalOrder } from '../core/pipeline.ts'
import { inferMetric } from '../metrics/infer.ts'
import { mean } from '../stats/summary.ts'
import type { NoiseFloor, RippleEntry } from './drift.ts'
import type { BootstrapSettings } from './pairing.ts'
import { compare, EPS, estimate, noisePairs, outputsOf } from './pairing.ts'
import type { Variant } from './variant.ts'
import { measurementsOf } from './measurements.ts'

/** The stage a drift was measured at, with what was measured there. */
export interface RippleTarget {
  stage: string
  metric: string
  drift: number
  noiseFloor: NoiseFloor
}

/**
 * At most `cap` sample indices out of `n`, evenly spread and always the same
 * for the same `n`: the ripple is a diagnostic of where drift starts, and
 * with hundreds of repeats a spread subset tells the same at a fraction of
 * the cost of comparing large outputs pair by pair.
 */
export function spreadIndices(n: number, cap: number): number[] {
  if (n <= cap) return Array.from({ length: n }, (_, i) => i)
  return Array.from({ length: cap }, (_, k) => Math.floor((k * n) / cap))
}

/**
 * Drift against noise at every stage, in pipeline order: the target stage
 * with its own metric (all samples), every other stage with the metric
 * inferred from its output, estimated from at most `samples` sample pairs
 * per variant. A stage that cannot be compared gets an entry with `error`.
 */
export function computeRipple(pipeline: AnyPipeline, variants: Variant[], target: RippleTarget, bootstrap: BootstrapSettings, samples = 32): RippleEntry[] {
  const [base, ...others] = variants
  const n = base?.runs.length ?? 0
  const picked = spreadIndices(n, samples)
  const memo = measurementsOf(base)
  return topologicalOrder(pipeline.stages).map((s): RippleEntry => {
    if (s.name === target.stage) {
      const { drift, noiseFloor } = target
      return { stage: s.name, metric: target.metric, drift, noise: noiseFloor.mean, noiseUpper: noiseFloor.ci[1], exceeds: drift > noiseFloor.ci[1] + EPS }
    }
    try {
      const b = outputsOf(base!, s.name)
      const m = inferMetric(b[0]!.output)
      const pairs = noisePairs(n).filter(([i]) => picked.includes(i))
      const noise = estimate(pairs.map(([i, j]) => compare(m, b[i]!, b[j]!, `base samples of stage "${s.name}"`, memo)), bootstrap, memo)
      const drift = Math.max(0, ...others.map((v) => {
        const o = outputsOf(v, s.name)
        return mean(picked.map((i) => compare(m, b[i]!, o[i]!, `variant "${v.id}" of stage "${s.name}"`, memo)))
      }))
      return { stage: s.name, metric: m.name, drift, noise: noise.mean, noiseUpper: noise.ci[1], exceeds: drift > noise.ci[1] + EPS }
    } catch (error) {
      return { stage: s.name, metric: '-', drift: 0, noise: 0, noiseUpper: 0, exceeds: false, error: (error as Error).message }
    }
  })
}
