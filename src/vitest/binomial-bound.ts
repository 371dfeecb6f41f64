/**
 * Exact (Clopper–Pearson) upper bound of a proportion: the largest p for
 * which seeing `k` or fewer of `n` is still plausible at the two-sided
 * `confidence` level. Used for 0/1 drift (did the winner change), where a
 * bootstrap of all-zero values would claim the degenerate interval [0, 0].
 *
 * @example
 * binomialUpperBound(0, 5, 0.95) // 0.5218 (= 1 − 0.025^(1/5))
 */
export function binomialUpperBound(k: number, n: number, confidence: number): number {
  if (n <= 0) return 1
  if (k >= n) return 1
  const tail = (1 - confidence) / 2
  if (k === 0) return 1 - tail ** (1 / n)
  let lo = k / n
  let hi = 1
  // P(X <= k) falls as p grows; bisect for the p where it equals the tail.
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2
    if (binomialCdf(k, n, mid) > tail) lo = mid
    else hi = mid
  }
  return (lo + hi) / 2
}

/** P(X <= k) for X ~ Binomial(n, p), summed in log space so large n does not overflow. */
export function binomialCdf(k: number, n: number, p: number): number {
  if (p <= 0) return 1
  if (p >= 1) return k >= n ? 1 : 0
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

/**
 * The fewest pairs for which an all-zero 0/1 drift has an exact upper bound
 * ≤ `tolerance` at `confidence`; `Infinity` when no number can (tolerance 0).
 *
 * @example
 * minPairsForBound(0.1, 0.95) // 36
 */
export function minPairsForBound(tolerance: number, confidence: number): number {
  if (tolerance >= 1) return 1
  if (tolerance <= 0) return Number.POSITIVE_INFINITY
  const tail = (1 - confidence) / 2
  return Math.ceil(Math.log(tail) / Math.log1p(-tolerance) - 1e-9)
}
