import { MetricError } from '../errors.ts'
import { describeValue } from './value-kind.ts'

/**
 * A ranking: an array of ids, best first, or a record id → score where a
 * higher score is better (ties allowed).
 *
 * @example
 * const byOrder: Ranking = ['gemini-1.5-pro', 'llama-3-70b', 'qwen-72b']
 * const byScore: Ranking = { 'gemini-1.5-pro': 0.70, 'llama-3-70b': 0.53, 'qwen-72b': 0.49 }
 */
export type Ranking = readonly (string | number)[] | Readonly<Record<string, number>>

/** A ranking normalised to scores: higher is better. */
export type Scores = Map<string, number>

/**
 * Turns a ranking into id → score (higher is better). An array gives the
 * first id the highest score. Throws `MetricError` (naming `metric` and which
 * side) on anything else, on duplicate ids and on non-finite scores.
 *
 * @example
 * toScores('kendallTau', 'base', ['a', 'b']) // Map { 'a' => 2, 'b' => 1 }
 */
export function toScores(metric: string, which: 'base' | 'variant', ranking: unknown): Scores {
  const scores: Scores = new Map()
  if (Array.isArray(ranking)) {
    ranking.forEach((id: unknown, i) => {
      if (typeof id !== 'string' && typeof id !== 'number') {
        throw new MetricError(`${metric}: the ${which} ranking has ${describeValue(id)} at index ${i}; a ranking array holds ids (strings or numbers), best first`, { component: 'metrics' })
      }
      const key = String(id)
      if (scores.has(key)) throw new MetricError(`${metric}: the ${which} ranking lists id "${key}" twice`, { component: 'metrics' })
      scores.set(key, ranking.length - i)
    })
    return scores
  }
  if (ranking !== null && typeof ranking === 'object') {
    for (const [id, score] of Object.entries(ranking)) {
      if (typeof score !== 'number' || !Number.isFinite(score)) {
        throw new MetricError(`${metric}: the ${which} ranking gives id "${id}" the score ${String(score)}; scores must be finite numbers`, { component: 'metrics' })
      }
      scores.set(id, score)
    }
    return scores
  }
  throw new MetricError(`${metric}: the ${which} value is ${describeValue(ranking)}, not a ranking (an array of ids best first, or a record id → score)`, { component: 'metrics' })
}

/**
 * Throws `MetricError` naming the ids that only one of the two rankings has.
 *
 * @example
 * requireSameIds('kendallTau', toScores('kendallTau', 'base', ['a', 'b']), toScores('kendallTau', 'variant', ['a']))
 * // throws: … missing in the variant: "b"
 */
export function requireSameIds(metric: string, base: Scores, variant: Scores): void {
  const missingInVariant = [...base.keys()].filter((id) => !variant.has(id))
  const missingInBase = [...variant.keys()].filter((id) => !base.has(id))
  if (missingInVariant.length === 0 && missingInBase.length === 0) return
  const parts: string[] = []
  if (missingInVariant.length) parts.push(`missing in the variant: ${listIds(missingInVariant)}`)
  if (missingInBase.length) parts.push(`missing in the base: ${listIds(missingInBase)}`)
  throw new MetricError(`${metric}: the two rankings must rank the same ids; ${parts.join('; ')}`, { component: 'metrics' })
}

function listIds(ids: string[]): string {
  const shown = ids.slice(0, 10).map((id) => `"${id}"`).join(', ')
  return ids.length > 10 ? `${shown} and ${ids.length - 10} more` : shown
}

/**
 * Standard competition ranks ("1224"): 1 + the number of ids with a strictly
 * higher score. Tied ids share the best of their places.
 *
 * @example
 * competitionRanks(new Map([['a', 0.9], ['b', 0.7], ['c', 0.7], ['d', 0.1]])) // a 1, b 2, c 2, d 4
 */
export function competitionRanks(scores: Scores): Map<string, number> {
  const sorted = [...scores.values()].sort((a, b) => b - a)
  const ranks = new Map<string, number>()
  for (const [id, score] of scores) ranks.set(id, sorted.findIndex((s) => s === score) + 1)
  return ranks
}

/** How far one id moved between two rankings (1 = best place). */
export interface RankMove {
  id: string
  from: number
  to: number
  /** to − from: positive means the id dropped. */
  shift: number
}

/**
 * Rank moves between two rankings of the same ids, largest |shift| first
 * (ties by id). Ranks are competition ranks, so tied ids share a place.
 * Throws `MetricError` when the ids differ.
 *
 * @example
 * rankMoves(['a', 'b', 'c'], ['c', 'a', 'b'])
 * // [{ id: 'c', from: 3, to: 1, shift: -2 }, { id: 'a', from: 1, to: 2, shift: 1 }, { id: 'b', from: 2, to: 3, shift: 1 }]
 */
export function rankMoves(base: Ranking, variant: Ranking): RankMove[] {
  const a = toScores('rankMoves', 'base', base)
  const b = toScores('rankMoves', 'variant', variant)
  requireSameIds('rankMoves', a, b)
  const from = competitionRanks(a)
  const to = competitionRanks(b)
  return [...from.entries()]
    .map(([id, r]) => ({ id, from: r, to: to.get(id) as number, shift: (to.get(id) as number) - r }))
    .sort((x, y) => Math.abs(y.shift) - Math.abs(x.shift) || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0))
}
