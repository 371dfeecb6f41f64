import { MetricError } from '../errors.ts'
import type { Metric } from '../metrics/metric.ts'
import type { JudgedItem, JudgeStageOutput } from './stage.ts'

function byId(output: JudgeStageOutput, which: string): Map<string, JudgedItem> {
  if (!output || !Array.isArray(output.judgements)) {
    throw new MetricError(`the ${which} value is not a judge stage output ({ judgements: [...] })`, { component: 'metric:judgeDrift' })
  }
  return new Map(output.judgements.map((j) => [j.id, j]))
}

function distance(a: JudgedItem | undefined, b: JudgedItem | undefined): number {
  if (!a || !b) return 1
  if (a.status === 'scored' && b.status === 'scored') return Math.abs(a.normalized - b.normalized)
  return a.status === b.status ? 0 : 1
}

/**
 * Drift between two judge stage outputs: the mean, over the items of either,
 * of the difference of normalized scores (0..1). An item scored in one and
 * unparsed (or missing) in the other counts 1; unparsed in both counts 0.
 * Reasons and raw text do not count, only the verdicts.
 *
 * @example
 * s.drift('judge', judgeDrift()) // with a sweep over judge.replicate: the judge's own noise (docs/judge.md)
 */
export function judgeDrift(): Metric<JudgeStageOutput> {
  const pairs = (base: JudgeStageOutput, variant: JudgeStageOutput) => {
    const a = byId(base, 'base')
    const b = byId(variant, 'variant')
    const ids = [...new Set([...a.keys(), ...b.keys()])]
    return ids.map((id) => [id, distance(a.get(id), b.get(id))] as const)
  }
  return {
    name: 'judgeDrift',
    describe: 'mean |Δ normalized judge score| per item (scored vs unparsed counts 1)',
    compute(base, variant) {
      const d = pairs(base, variant)
      return d.length === 0 ? 0 : d.reduce((sum, [, v]) => sum + v, 0) / d.length
    },
    details(base, variant) {
      const changed = pairs(base, variant).filter(([, v]) => v > 0).sort((x, y) => y[1] - x[1]).map(([id]) => id)
      return { changed, note: `mean ${base.mean?.toFixed(3) ?? 'n/a'} -> ${variant.mean?.toFixed(3) ?? 'n/a'}` }
    },
  }
}
