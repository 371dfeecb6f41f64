import { StatsError } from '../errors.ts'

/** One interim look of a sequential design. */
export interface Look {
  /** Repeats available at this look. */
  repeats: number
  /** The share of α this look may spend. */
  alpha: number
}

/**
 * The looks of a group-sequential design with repeats `min`, `2·min`,
 * `4·min`, … up to `max`, and the α each may spend: linear alpha spending
 * α(t) = α·t at information fraction t = repeats / max (Lan & DeMets 1983,
 * Biometrika 70:659, Kim–DeMets power family with ρ = 1). Each look tests at
 * its increment α(tₖ) − α(tₖ₋₁); by Bonferroni's inequality the chance of any
 * wrong decision over all looks is at most Σ = α, whatever the correlation
 * between looks (conservative; no numerical integration needed).
 *
 * @example
 * sequentialLooks(5, 40, 0.05) // repeats 5, 10, 20, 40 with α 0.00625, 0.00625, 0.0125, 0.025
 */
export function sequentialLooks(min: number, max: number, alpha: number): Look[] {
  if (!Number.isInteger(min) || !Number.isInteger(max) || min < 1 || max < min) {
    throw new StatsError(`[stats] a sequential design needs integers 1 ≤ min ≤ max, got min = ${String(min)}, max = ${String(max)}`)
  }
  const looks: Look[] = []
  let previous = 0
  for (let n = min; ; n = Math.min(max, n * 2)) {
    looks.push({ repeats: n, alpha: (alpha * (n - previous)) / max })
    previous = n
    if (n >= max) break
  }
  return looks
}
