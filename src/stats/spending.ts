import { StatsError } from '../errors.ts'
import { normalCdf } from './normal.ts'

const SQRT_2PI = Math.sqrt(2 * Math.PI)
// Density below −8 standard deviations is dropped (P(Z < −8) ≈ 6e-16).
const L = 8
// Grid points per standard deviation of one increment (and of the first look).
const PER_SD = 8

/** An odd number of points from lo to hi, about `h` apart, with composite Simpson weights. */
function grid(lo: number, hi: number, h: number): { x: Float64Array<ArrayBuffer>; w: Float64Array<ArrayBuffer> } {
  const n = 2 * Math.max(1, Math.ceil((hi - lo) / h / 2)) + 1
  const step = (hi - lo) / (n - 1)
  const x = new Float64Array(n)
  const w = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    x[i] = lo + i * step
    w[i] = (step / 3) * (i === 0 || i === n - 1 ? 1 : i % 2 === 1 ? 4 : 2)
  }
  return { x, w }
}

// The z where a function falling in z equals `target`, by bisection.
function solve(f: (z: number) => number, target: number): number {
  let lo = -L
  let hi = L + 2
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2
    if (f(mid) > target) lo = mid
    else hi = mid
  }
  return (lo + hi) / 2
}

/**
 * The recursion shared by {@link spendingBoundaries} and {@link stagewisePValue}:
 * at each look k, `boundary(k, cross)` gets P(continue to look k, then
 * Z_k ≥ z) as a function of z and returns c_k (or undefined to stop there).
 */
function walk(fractions: readonly number[], boundary: (k: number, cross: (z: number) => number) => number | undefined): void {
  // The continuation grid on the score scale S = Z√t, and the sub-density g of S there.
  let x = new Float64Array(0)
  let w = new Float64Array(0)
  let g = new Float64Array(0)
  for (let k = 0; k < fractions.length; k++) {
    const t = fractions[k]!
    const dt = k === 0 ? t : t - fractions[k - 1]!
    const sd = Math.sqrt(dt)
    // At look 1 the score starts at 0 with mass 1.
    const cross = (z: number): number => {
      if (z === Number.POSITIVE_INFINITY) return 0
      const b = z * Math.sqrt(t)
      if (k === 0) return 1 - normalCdf(b / sd)
      let p = 0
      for (let j = 0; j < x.length; j++) p += w[j]! * g[j]! * (1 - normalCdf((b - x[j]!) / sd))
      return p
    }
    const c = boundary(k, cross)
    if (c === undefined || k === fractions.length - 1) return
    const next = grid(-L * Math.sqrt(t), Math.min(c, L + 2) * Math.sqrt(t), Math.min(sd, Math.sqrt(fractions[0]!)) / PER_SD)
    const density = new Float64Array(next.x.length)
    const reach = L * sd
    for (let i = 0; i < next.x.length; i++) {
      const s = next.x[i]!
      if (k === 0) {
        density[i] = Math.exp(-(s * s) / (2 * dt)) / (sd * SQRT_2PI)
        continue
      }
      // A convolution of the previous sub-density with the increment's normal density.
      let acc = 0
      for (let j = 0; j < x.length; j++) {
        const d = s - x[j]!
        if (d > reach || d < -reach) continue
        acc += w[j]! * g[j]! * Math.exp(-(d * d) / (2 * dt))
      }
      density[i] = acc / (sd * SQRT_2PI)
    }
    x = next.x
    w = next.w
    g = density
  }
}

function checkFractions(fractions: readonly number[]): void {
  for (let k = 0; k < fractions.length; k++) {
    const t = fractions[k]!
    if (!(t > 0 && t <= 1) || (k > 0 && !(t > fractions[k - 1]!))) throw new StatsError(`information fractions must increase in (0, 1], got ${fractions.join(', ')}`, { component: 'stats' })
  }
}

/**
 * Critical values c₁ … c_K on the Z scale of a one-sided group-sequential
 * test that spends its error as given (the error-spending tests of Lan &
 * DeMets 1983, Biometrika 70:659): with no effect,
 * P(Z₁ < c₁, …, Z_{k−1} < c_{k−1}, Z_k ≥ c_k) = spent[k] − spent[k − 1], where
 * Z_k√t_k is a Brownian motion observed at the information fractions
 * t₁ < … < t_K (the canonical joint distribution of Jennison & Turnbull 2000,
 * "Group Sequential Methods with Applications to Clinical Trials", §3.1: the
 * standardised statistics of any test on accumulating independent data,
 * asymptotically). Computed by the numerical recursion of Armitage, McPherson
 * & Rowe (1969, JRSS A 132:235) as Jennison & Turnbull (2000, ch. 19) set it
 * out: the sub-density of the score Z_k√t_k on the continuation region is
 * carried from look to look by Simpson's rule on a grid of 8 points per
 * standard deviation of an increment; each c_k is found by bisection. A look
 * that spends nothing gets c_k = +∞.
 *
 * @param fractions information fractions t_k, increasing, in (0, 1]
 * @param spent cumulative error spent by look k (non-decreasing, in [0, 1))
 *
 * @example
 * // Lan–DeMets O'Brien–Fleming spending, 3 equal looks, one-sided 0.025 (gsDesign: 3.7103, 2.5114, 1.9930)
 * spendingBoundaries([1 / 3, 2 / 3, 1], [0.000104, 0.006048, 0.025]) // [3.710, 2.511, 1.993]
 */
export function spendingBoundaries(fractions: readonly number[], spent: readonly number[]): number[] {
  const K = fractions.length
  if (K === 0 || spent.length !== K) throw new StatsError('spendingBoundaries needs one spent error per information fraction', { component: 'stats' })
  checkFractions(fractions)
  for (let k = 0; k < K; k++) {
    if (!(spent[k]! >= 0 && spent[k]! < 1) || (k > 0 && !(spent[k]! >= spent[k - 1]!))) throw new StatsError(`spent error must be non-decreasing in [0, 1), got ${spent.join(', ')}`, { component: 'stats' })
  }
  const c: number[] = []
  walk(fractions, (k, cross) => {
    const target = spent[k]! - (k > 0 ? spent[k - 1]! : 0)
    c.push(target > 0 ? solve(cross, target) : Number.POSITIVE_INFINITY)
    return c[k]!
  })
  return c
}

/**
 * The stage-wise ordering p-value of a one-sided group-sequential test
 * (Fairbanks & Madsen 1982; Jennison & Turnbull 2000, §8.4) for a path that
 * is at look k (0-based) with statistic z, having stayed below the
 * boundaries c₁ … c_{k}: P(cross an earlier look) + P(reach look k and
 * Z_k ≥ z), under no effect. It is ≤ the error spent by look k exactly when
 * z ≥ c_k, and uniform on [0, 1] for a path followed to the last look, so a
 * multiplicity adjustment across several tests can use it.
 *
 * @example
 * stagewisePValue([0.5, 1], [2.2414, 2.1251], 0, 2.2414) // 0.0125, the error spent at look 1
 */
export function stagewisePValue(fractions: readonly number[], boundaries: readonly number[], k: number, z: number): number {
  checkFractions(fractions)
  if (!Number.isInteger(k) || k < 0 || k >= fractions.length || boundaries.length < k) throw new StatsError(`stagewisePValue needs a look index in 0..${fractions.length - 1} with a boundary for every earlier look, got ${String(k)}`, { component: 'stats' })
  let p = 0
  walk(fractions, (j, cross) => {
    if (j === k) {
      p += cross(z)
      return undefined
    }
    p += cross(boundaries[j]!)
    return boundaries[j]!
  })
  return Math.min(1, p)
}
