import { StatsError } from '../errors.ts'

/** P(X <= k) for X ~ Binomial(n, p), summed in log space so large n does not overflow. */
export function binomialCdf(k: number, n: number, p: number): number {
  if (k < 0) return 0
  if (k >= n) return 1
  if (p <= 0) return 1
  if (p >= 1) return 0
  const lp = Math.log(p)
  const lq = Math.log1p(-p)
  let logChoose = 0
  let sum = 0
  for (let i = 0; i <= k; i++) {
    if (i > 0) logChoose += Math.log(n - i + 1) - Math.log(i)
    sum += Math.exp(logChoose + i * lp + (n - i) * lq)
  }
  return Math.min(1, sum)
}

/** P(X >= k) for X ~ Binomial(n, p): the one-sided exact binomial p-value of k successes against H0 rate ≤ p. */
export function binomialSf(k: number, n: number, p: number): number {
  if (k <= 0) return 1
  if (k > n) return 0
  return Math.max(0, Math.min(1, 1 - binomialCdf(k - 1, n, p)))
}

// Bisects a function that falls from ≥ target to < target on [lo, hi].
function bisect(f: (p: number) => number, target: number, lo: number, hi: number): number {
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2
    if (f(mid) > target) lo = mid
    else hi = mid
  }
  return (lo + hi) / 2
}

/**
 * Exact (Clopper–Pearson) one-sided bounds of a proportion from `k` of `n`:
 * each bound has coverage ≥ 1 − `alpha` on its own side, so together they
 * form a two-sided interval at level 1 − 2α. Never degenerate: 0 of 5 gives
 * an upper bound of 1 − α^(1/5), not 0.
 *
 * @example
 * clopperPearson(0, 5, 0.025) // { lower: 0, upper: 0.5218 }
 * clopperPearson(5, 20, 0.025) // { lower: 0.0866, upper: 0.4910 }
 */
export function clopperPearson(k: number, n: number, alpha: number): { lower: number; upper: number } {
  if (!Number.isInteger(k) || !Number.isInteger(n) || n < 1 || k < 0 || k > n) {
    throw new StatsError(`clopperPearson needs integers 0 ≤ k ≤ n, n ≥ 1, got k = ${String(k)}, n = ${String(n)}`, { component: 'stats' })
  }
  if (!(alpha > 0 && alpha < 1)) throw new StatsError(`clopperPearson needs alpha in (0, 1), got ${String(alpha)}`, { component: 'stats' })
  const upper = k >= n ? 1 : k === 0 ? 1 - alpha ** (1 / n) : bisect((p) => binomialCdf(k, n, p), alpha, k / n, 1)
  // P(X ≥ k) rises with p; the lower bound is where it reaches α.
  const lower = k === 0 ? 0 : k === n ? alpha ** (1 / n) : 1 - bisect((q) => binomialSf(k, n, 1 - q), alpha, 1 - k / n, 1)
  return { lower, upper }
}

/**
 * The fewest repeats for which "none of them changed" has an exact one-sided
 * upper bound ≤ `tolerance` at level 1 − `alpha`; `Infinity` for tolerance 0.
 *
 * @example
 * minRepeatsForBound(0.1, 0.05) // 29
 */
export function minRepeatsForBound(tolerance: number, alpha: number): number {
  if (tolerance >= 1) return 1
  if (tolerance <= 0) return Number.POSITIVE_INFINITY
  return Math.ceil(Math.log(alpha) / Math.log1p(-tolerance) - 1e-9)
}
