import { StatsError } from '../errors.ts'
import { normalCdf, normalQuantile } from './normal.ts'

/**
 * Paired binary outcomes summarised by their discordant counts: of `n`
 * pairs (x, y), `b` have x = 1, y = 0 and `c` have x = 0, y = 1. The
 * difference of the two proportions is Δ = (b − c) / n.
 */
export interface PairedCounts {
  n: number
  b: number
  c: number
}

function check({ n, b, c }: PairedCounts): void {
  if (![n, b, c].every(Number.isInteger) || n < 1 || b < 0 || c < 0 || b + c > n) {
    throw new StatsError(`paired counts need integers with b + c ≤ n, n ≥ 1; got n = ${String(n)}, b = ${String(b)}, c = ${String(c)}`, { component: 'stats' })
  }
}

/**
 * Tango's score statistic for H0: Δ = δ0 with paired proportions (Tango
 * 1998, Stat Med 17:891; recommended by Fagerland, Lydersen & Laake 2013).
 * It uses the maximum-likelihood estimate of P(x = 0, y = 1) constrained to
 * Δ = δ0, so it stays informative when b = c = 0.
 */
export function tangoScore(counts: PairedCounts, delta0: number): number {
  check(counts)
  const { n, b, c } = counts
  const A = 2 * n
  const B = -b - c + (2 * n - b + c) * delta0
  const C = -c * delta0 * (1 - delta0)
  const q21 = Math.max(0, (Math.sqrt(Math.max(0, B * B - 4 * A * C)) - B) / (2 * A))
  const variance = n * (2 * q21 + delta0 * (1 - delta0))
  const numerator = b - c - n * delta0
  if (variance <= 0) return numerator > 0 ? Number.POSITIVE_INFINITY : numerator < 0 ? Number.NEGATIVE_INFINITY : 0
  return numerator / Math.sqrt(variance)
}

/**
 * One-sided p-value of Tango's score test for H0: Δ ≤ δ0 against Δ > δ0.
 *
 * @example
 * pairedProportionTest({ n: 50, b: 12, c: 3 }, 0.05) // ≈ 0.041
 */
export function pairedProportionTest(counts: PairedCounts, delta0: number): number {
  return 1 - normalCdf(tangoScore(counts, delta0))
}

/**
 * Tango's score confidence bounds for Δ: each bound has one-sided coverage
 * 1 − `alpha` (two-sided level 1 − 2α), found by inverting the score test.
 * Never degenerate: 0 discordant pairs of 10 still gives a width of ±0.21 at α = 0.025.
 *
 * @example
 * pairedProportionInterval({ n: 10, b: 0, c: 0 }, 0.025) // { lower: −0.278, upper: 0.278 }
 */
export function pairedProportionInterval(counts: PairedCounts, alpha: number): { lower: number; upper: number } {
  check(counts)
  if (!(alpha > 0 && alpha < 0.5)) throw new StatsError(`pairedProportionInterval needs alpha in (0, 0.5), got ${String(alpha)}`, { component: 'stats' })
  const z = normalQuantile(1 - alpha)
  // The score falls as δ0 grows; each bound is where it crosses ±z.
  const solve = (target: number): number => {
    let lo = -1
    let hi = 1
    for (let i = 0; i < 80; i++) {
      const mid = (lo + hi) / 2
      if (tangoScore(counts, mid) > target) lo = mid
      else hi = mid
    }
    return (lo + hi) / 2
  }
  return { lower: solve(z), upper: solve(-z) }
}
