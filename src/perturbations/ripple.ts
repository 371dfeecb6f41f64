import type { AnyPipeline } from '../core/pipeline.ts'
import { topologicalOrder } from '../core/pipeline.ts'
import { inferMetric } from '../metrics/infer.ts'
import { mean } from '../stats/summary.ts'
import type { NoiseFloor, RippleEntry } from './drift.ts'
import type { BootstrapSettings } from './pairing.ts'
import { compare, EPS, estimate, noisePairs, outputsOf } from './pairing.ts'
import type { Variant } from './sweep.ts'

/** The stage a drift was measured at, with what was measured there. */
export interface RippleTarget {
  stage: string
  metric: string
  drift: number
  noiseFloor: NoiseFloor
}

/**
 * Drift against noise at every stage, in pipeline order: the target stage
 * with its own metric, every other stage with the metric inferred from its
 * output. A stage that cannot be compared gets an entry with `error`.
 */
export function computeRipple(pipeline: AnyPipeline, variants: Variant[], target: RippleTarget, bootstrap: BootstrapSettings): RippleEntry[] {
  const [base, ...others] = variants
  const n = base?.runs.length ?? 0
  return topologicalOrder(pipeline.stages).map((s): RippleEntry => {
    if (s.name === target.stage) {
      const { drift, noiseFloor } = target
      return { stage: s.name, metric: target.metric, drift, noise: noiseFloor.mean, noiseUpper: noiseFloor.ci[1], exceeds: drift > noiseFloor.ci[1] + EPS }
    }
    try {
      const b = outputsOf(base!, s.name)
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
}
