import { StatsError } from '../errors.ts'

/**
 * Holm–Bonferroni step-down adjusted p-values, in the input order: reject
 * hypothesis i at family-wise level α when its adjusted p is ≤ α. Uniformly
 * more powerful than plain Bonferroni. Same as R's `p.adjust(p, 'holm')`.
 *
 * @example
 * holmAdjust([0.01, 0.04, 0.03, 0.005]) // [0.03, 0.06, 0.06, 0.02]
 */
export function holmAdjust(pValues: readonly number[]): number[] {
  pValues.forEach((p, i) => {
    if (!(p >= 0 && p <= 1)) throw new StatsError(`holmAdjust needs p-values in [0, 1], got ${String(p)} at index ${i}`, { component: 'stats' })
  })
  const m = pValues.length
  const order = pValues.map((p, i) => [p, i] as const).sort((x, y) => x[0] - y[0])
  const adjusted = new Array<number>(m)
  let running = 0
  order.forEach(([p, i], rank) => {
    // The running maximum keeps adjusted p-values monotone in the raw ones.
    running = Math.max(running, Math.min(1, (m - rank) * p))
    adjusted[i] = running
  })
  return adjusted
}
