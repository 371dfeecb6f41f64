import { kendallTauB } from '../stats/kendall.ts'
import type { DriftDetail, Metric } from './metric.ts'
import { rankMoves, requireSameIds, toScores, type Ranking } from './ranking.ts'

function tauDistance(base: unknown, variant: unknown): number {
  const a = toScores('kendallTau', 'base', base)
  const b = toScores('kendallTau', 'variant', variant)
  requireSameIds('kendallTau', a, b)
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
 * missing ids. `details()` lists the ids by how far they moved.
 *
 * @example
 * metrics.kendallTau().compute(['a', 'b', 'c'], ['a', 'c', 'b']) // 1 − 1/3 = 0.667
 * metrics.kendallTau().compute({ a: 0.9, b: 0.5 }, { a: 0.8, b: 0.7 }) // 0
 */
export function kendallTau(): Metric<Ranking> {
  return {
    name: 'kendallTau',
    describe: 'Kendall distance between rankings (1 − τ_b; 0 = same order, 2 = reversed)',
    compute: tauDistance,
    details(base, variant): DriftDetail {
      const moves = rankMoves(base, variant).filter((m) => m.shift !== 0)
      const top = moves[0]
      return {
        changed: moves.map((m) => m.id),
        note: top
          ? `largest move: ${top.id} ${top.from} -> ${top.to} (${Math.abs(top.shift)} place${Math.abs(top.shift) === 1 ? '' : 's'}); ${moves.length} id(s) moved`
          : 'no rank changed',
      }
    },
  }
}
