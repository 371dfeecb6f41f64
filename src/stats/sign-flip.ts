import { StatsError } from '../errors.ts'
import { createRng } from './rng.ts'

/** Options of {@link signFlipTest}. */
export interface SignFlipOptions {
  /** H0: the mean is ≤ `shift`. @default 0 */
  shift?: number
  /** Enumerate all 2^n sign patterns up to this many values; sample above. @default 16 */
  exactUpTo?: number
  /** Random sign patterns when sampling. @default 20000 */
  resamples?: number
  /** Seed of the sampled patterns. @default 0 */
  seed?: number
}

/** Result of {@link signFlipTest}. */
export interface SignFlipResult {
  /** One-sided p-value for "mean > shift". */
  pValue: number
  /** True when every sign pattern was enumerated. */
  exact: boolean
}

// Every signed sum of xs: entry m flips the signs of the values whose bits are set in m.
function signedSums(xs: readonly number[]): Float64Array {
  const out = new Float64Array(2 ** xs.length)
  out[0] = xs.reduce((a, b) => a + b, 0)
  for (let i = 0; i < xs.length; i++) {
    const half = 1 << i
    for (let m = 0; m < half; m++) out[half + m] = out[m]! - 2 * xs[i]!
  }
  return out
}

/**
 * How many of the 2^n sign patterns of `abs` sum to at least `threshold`,
 * by meeting in the middle: the signed sums of each half (2 · 2^(n/2) of
 * them), one half sorted, a binary search per sum of the other. 16 values
 * cost about 5,000 steps instead of 2^16 · 16 (the power planner runs it
 * thousands of times).
 */
export function patternsAtLeast(abs: readonly number[], threshold: number): number {
  const k = abs.length >> 1
  const left = signedSums(abs.slice(0, k))
  const right = signedSums(abs.slice(k)).sort()
  let hits = 0
  for (const s of left) {
    // First index whose sum reaches threshold − s.
    let lo = 0
    let hi = right.length
    const need = threshold - s
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (right[mid]! >= need) hi = mid
      else lo = mid + 1
    }
    hits += right.length - lo
  }
  return hits
}

// Sums are compared with a little slack so patterns equal to the observed one count as "as extreme".
const SLACK = 1e-9

/**
 * One-sided sign-flip permutation test (Fisher 1935; Good, "Permutation
 * Tests", 2005, §3.2) of H0 "the values are symmetric about `shift`" against
 * "their mean is greater". Exact (all 2^n patterns) up to `exactUpTo`
 * values; above, a seeded Monte Carlo p-value (1 + hits) / (1 + resamples),
 * which is still valid (Phipson & Smyth 2010).
 *
 * @example
 * signFlipTest([0.3, 0.5, 0.2, 0.4, 0.6]).pValue // 1/32 = 0.03125
 */
export function signFlipTest(values: readonly number[], options: SignFlipOptions = {}): SignFlipResult {
  const shift = options.shift ?? 0
  const n = values.length
  if (n === 0) throw new StatsError('[stats] signFlipTest needs at least one value')
  const z = values.map((v, i) => {
    if (!Number.isFinite(v)) throw new StatsError(`[stats] signFlipTest got a non-finite value at index ${i}: ${String(v)}`)
    return v - shift
  })
  const observed = z.reduce((a, b) => a + b, 0)
  const abs = z.map(Math.abs)
  const total = abs.reduce((a, b) => a + b, 0)
  const slack = SLACK * Math.max(1, total)
  if (n <= (options.exactUpTo ?? 16)) return { pValue: patternsAtLeast(abs, observed - slack) / 2 ** n, exact: true }
  const resamples = options.resamples ?? 20_000
  const rng = createRng(options.seed ?? 0)
  let hits = 0
  for (let r = 0; r < resamples; r++) {
    let sum = 0
    for (let i = 0; i < n; i++) sum += rng() < 0.5 ? -abs[i]! : abs[i]!
    if (sum >= observed - slack) hits += 1
  }
  return { pValue: (1 + hits) / (1 + resamples), exact: false }
}
