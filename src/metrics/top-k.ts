import { builtinMetric } from './identity.ts'
import { MetricError } from '../errors.ts'
import type { DriftDetail, Metric } from './metric.ts'
import { competitionRanks, toScores, type Ranking } from './ranking.ts'

function topSet(which: 'base' | 'variant', ranking: unknown, k: number): Set<string> {
  const ranks = competitionRanks(toScores('topK', which, ranking))
  // Competition ranks keep every id tied at place k, so a tie at the cut is never split arbitrarily.
  return new Set([...ranks].filter(([, r]) => r <= k).map(([id]) => id))
}

/**
 * Top-k shift: the share of the top-k set that changed,
 * 1 − |A ∩ B| / max(|A|, |B|), where A and B are the ids in the first k
 * places (ids tied at place k are all included). Order within the top k does
 * not count. Two empty rankings give 0. `details()` lists ids that left and
 * entered the top k.
 *
 * @example
 * metrics.topK(2).compute(['a', 'b', 'c'], ['b', 'c', 'a']) // 0.5 (a left, c entered)
 */
export function topK(k: number): Metric<Ranking> {
  if (!Number.isInteger(k) || k < 1) throw new MetricError(`topK: k must be a positive integer, got ${String(k)}`, { component: 'metrics' })
  const compare = (base: unknown, variant: unknown): { left: string[]; entered: string[]; size: number } => {
    const a = topSet('base', base, k)
    const b = topSet('variant', variant, k)
    return {
      left: [...a].filter((id) => !b.has(id)),
      entered: [...b].filter((id) => !a.has(id)),
      size: Math.max(a.size, b.size),
    }
  }
  return builtinMetric(import.meta.url, { k }, {
    name: `topK(${k})`,
    describe: `share of the top-${k} set that changed`,
    compute(base, variant) {
      const { left, entered, size } = compare(base, variant)
      return size === 0 ? 0 : Math.max(left.length, entered.length) / size
    },
    details(base, variant): DriftDetail {
      const { left, entered } = compare(base, variant)
      return { changed: [...left.map((id) => `-${id}`), ...entered.map((id) => `+${id}`)], note: `${left.length} left the top ${k}, ${entered.length} entered` }
    },
  })
}
