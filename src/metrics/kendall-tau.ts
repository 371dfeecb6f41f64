import { builtinMetric } from './identity.ts'
import { kendallTauB } from '../stats/kendall.ts'
import type { DriftDetail, Metric } from './metric.ts'
import { rankMoves, requireSameIds, toScores, type Ranking, type Scores } from './ranking.ts'

/** Options of {@link kendallTau}. */
export interface KendallTauOptions {
  /**
   * What to do with ids that only one ranking has: `'error'` throws
   * `MetricError` naming them; `'bottom'` places them, tied, below every id
   * that ranking does rank (the usual convention for top-k lists), so
   * rankings of different ids are compared instead of rejected.
   * @default 'error'
   */
  missing?: 'error' | 'bottom'
}

/** Adds the ids only the other ranking has, tied below the lowest score. */
function withMissingAtBottom(scores: Scores, other: Scores): Scores {
  const out = new Map(scores)
  let lowest = Number.POSITIVE_INFINITY
  for (const s of scores.values()) lowest = Math.min(lowest, s)
  const bottom = Number.isFinite(lowest) ? lowest - 1 : 0
  for (const id of other.keys()) if (!out.has(id)) out.set(id, bottom)
  return out
}

function tauDistance(missing: 'error' | 'bottom', base: unknown, variant: unknown): number {
  let a = toScores('kendallTau', 'base', base)
  let b = toScores('kendallTau', 'variant', variant)
  if (missing === 'bottom') [a, b] = [withMissingAtBottom(a, b), withMissingAtBottom(b, a)]
  else requireSameIds('kendallTau', a, b)
  const ids = [...a.keys()]
  if (ids.length < 2) return 0
  const x = ids.map((id) => a.get(id) as number)
  const y = ids.map((id) => b.get(id) as number)
  const constantX = x.every((v) => v === x[0])
  const constantY = y.every((v) => v === y[0])
  // τ_b is undefined when a side ties everything: identical all-tied rankings
  // have no drift; all-tied against an ordered ranking carries no agreement (τ = 0).
  if (constantX && constantY) return 0
  if (constantX || constantY) return 1
  return 1 - kendallTauB(x, y)
}

/**
 * Kendall distance between two rankings of the same ids: 1 − τ_b, from 0
 * (same order) through 1 (unrelated) to 2 (reversed). Rankings are arrays of
 * ids, best first, or records id → score (higher is better); ties in scores
 * are handled by τ_b. Different id sets throw `MetricError` naming the
 * missing ids, unless `{ missing: 'bottom' }`. `details()` lists the ids by
 * how far they moved.
 *
 * @example
 * metrics.kendallTau().compute(['a', 'b', 'c'], ['a', 'c', 'b']) // 1 − 1/3 = 0.667
 * metrics.kendallTau().compute({ a: 0.9, b: 0.5 }, { a: 0.8, b: 0.7 }) // 0
 * metrics.kendallTau({ missing: 'bottom' }).compute(['a', 'b', 'c'], ['a', 'b']) // 0: c was last, is now unranked
 */
export function kendallTau(options: KendallTauOptions = {}): Metric<Ranking> {
  const missing = options.missing ?? 'error'
  return builtinMetric(import.meta.url, options, {
    name: 'kendallTau',
    describe:
      missing === 'bottom'
        ? 'Kendall distance between rankings (1 − τ_b; unranked ids tied last; 0 = same order, 2 = reversed)'
        : 'Kendall distance between rankings (1 − τ_b; 0 = same order, 2 = reversed)',
    compute: (base, variant) => tauDistance(missing, base, variant),
    details(base, variant): DriftDetail {
      if (missing === 'bottom') {
        const a = toScores('kendallTau', 'base', base)
        const b = toScores('kendallTau', 'variant', variant)
        const gone = [...a.keys()].filter((id) => !b.has(id))
        const added = [...b.keys()].filter((id) => !a.has(id))
        if (gone.length || added.length) {
          return { changed: [...gone.map((id) => `-${id}`), ...added.map((id) => `+${id}`)], note: `${gone.length} id(s) no longer ranked, ${added.length} newly ranked` }
        }
      }
      const moves = rankMoves(base, variant).filter((m) => m.shift !== 0)
      const top = moves[0]
      return {
        changed: moves.map((m) => m.id),
        note: top
          ? `largest move: ${top.id} ${top.from} -> ${top.to} (${Math.abs(top.shift)} place${Math.abs(top.shift) === 1 ? '' : 's'}); ${moves.length} id(s) moved`
          : 'no rank changed',
      }
    },
  })
}
