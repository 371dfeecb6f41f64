import { builtinMetric } from './identity.ts'
import { getPath } from '../core/params.ts'
import { MetricError } from '../errors.ts'
import type { DriftDetail, Metric } from './metric.ts'
import { toScores, type Ranking } from './ranking.ts'

/** Options of {@link top1}. */
export interface Top1Options<T> {
  /**
   * Picks the ranking out of a larger output: a function, or a dot path such
   * as `'ranking'` or `'scores.byModel'`. Without it the output is the ranking.
   */
  select?: string | ((output: T) => Ranking)
}

/**
 * The id(s) in first place, sorted; several when scores tie at the top, none
 * for an empty ranking.
 *
 * @example
 * winners('top1', 'base', { a: 0.9, b: 0.9, c: 0.2 }) // ['a', 'b']
 */
export function winners(metric: string, which: 'base' | 'variant', ranking: unknown): string[] {
  const scores = toScores(metric, which, ranking)
  let best = Number.NEGATIVE_INFINITY
  for (const s of scores.values()) best = Math.max(best, s)
  return [...scores].filter(([, s]) => s === best).map(([id]) => id).sort()
}

function selector<T>(select: Top1Options<T>['select']): (output: T) => unknown {
  if (select === undefined) return (output) => output
  if (typeof select === 'function') return select
  return (output) => {
    const picked = getPath(output, select)
    if (picked === undefined) throw new MetricError(`top1: the output has no value at select path "${select}"`, { component: 'metrics' })
    return picked
  }
}

/**
 * Winner change: 0 when the first place of the two rankings is the same, 1
 * when it changed. A tie for first place is a set of winners; a different
 * set counts as a change. Two empty rankings give 0. `details()` says
 * `winner A -> B`.
 *
 * @example
 * metrics.top1().compute(['gpt', 'llama'], ['llama', 'gpt']) // 1
 * metrics.top1({ select: 'ranking' }).compute({ ranking: ['a', 'b'] }, { ranking: ['a', 'c'] }) // 0
 */
export function top1<T = Ranking>(options: Top1Options<T> = {}): Metric<T> {
  const pick = selector(options.select)
  const compare = (base: T, variant: T): { from: string[]; to: string[]; same: boolean } => {
    const from = winners('top1', 'base', pick(base))
    const to = winners('top1', 'variant', pick(variant))
    return { from, to, same: from.length === to.length && from.every((id, i) => id === to[i]) }
  }
  return builtinMetric(import.meta.url, options, {
    name: 'top1',
    describe: 'winner changed (0 = same first place, 1 = different)',
    compute: (base, variant) => (compare(base, variant).same ? 0 : 1),
    details(base, variant): DriftDetail {
      const { from, to, same } = compare(base, variant)
      const show = (ids: string[]): string => (ids.length === 0 ? '(none)' : ids.join(' = '))
      return { changed: same ? [] : [...new Set([...from, ...to])], note: `winner ${show(from)} -> ${show(to)}` }
    },
  })
}
