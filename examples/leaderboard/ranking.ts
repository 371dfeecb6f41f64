/**
 * Ids ordered best first by score (higher is better); equal scores are
 * ordered by id so that the order is deterministic. Ties themselves are kept
 * in the scores (use them, not the order, for tie-aware statistics).
 *
 * @example
 * rankIds({ b: 0.5, a: 0.5, c: 0.9 }) // ['c', 'a', 'b']
 */
export function rankIds(scores: Readonly<Record<string, number>>): string[] {
  return Object.keys(scores).sort((x, y) => scores[y]! - scores[x]! || (x < y ? -1 : x > y ? 1 : 0))
}

/**
 * The co-best ids (every id with the highest score), sorted; one id unless
 * the top is tied, empty for no scores.
 *
 * @example
 * coBest({ a: 0.9, b: 0.9, c: 0.1 }) // ['a', 'b']
 */
export function coBest(scores: Readonly<Record<string, number>>): string[] {
  const ids = Object.keys(scores)
  if (ids.length === 0) return []
  const top = Math.max(...ids.map((id) => scores[id]!))
  return ids.filter((id) => scores[id] === top).sort()
}
