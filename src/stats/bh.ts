import { StatsError } from '../errors.ts'

/**
 * Benjamini–Hochberg step-up adjusted p-values ("q-values"), in the input
 * order: rejecting every hypothesis whose adjusted p is ≤ q keeps the
 * expected share of false rejections among all rejections (the false
 * discovery rate) ≤ q, for independent or positively dependent p-values.
 * Same as R's `p.adjust(p, 'BH')`.
 *
 * @example
 * benjaminiHochbergAdjust([0.01, 0.04, 0.03, 0.005]) // [0.02, 0.04, 0.04, 0.02]
 */
export function benjaminiHochbergAdjust(pValues: readonly number[]): number[] {
  pValues.forEach((p, i) => {
    if (!(p >= 0 && p <= 1)) throw new StatsError(`benjaminiHochbergAdjust needs p-values in [0, 1], got ${String(p)} at index ${i}`, { component: 'stats' })
  })
  const m = pValues.length
  // Largest p first: the running minimum keeps adjusted p-values monotone in the raw ones.
  const order = pValues.map((p, i) => [p, i] as const).sort((x, y) => y[0] - x[0])
  const adjusted = new Array<number>(m)
  let running = 1
  order.forEach(([p, i], k) => {
    const rank = m - k
    running = Math.min(running, (m / rank) * p)
    adjusted[i] = running
  })
  return adjusted
}
