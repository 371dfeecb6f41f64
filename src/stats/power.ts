import { StatsError } from '../errors.ts'
import { binomialSf } from './binomial.ts'
import { normalQuantile } from './normal.ts'
import { studentTQuantile } from './student-t.ts'

/** Options of {@link planRepeats}. */
export interface PlanRepeatsOptions {
  /** `'binary'` for 0/1 drift (did the winner change), `'continuous'` otherwise. */
  metric: 'binary' | 'continuous'
  /**
   * The pipeline's own noise: for binary drift, the probability that two
   * independent base samples differ (0 for a deterministic stage). Ignored for continuous drift.
   * @default 0
   */
  noise?: number
  /** The excess drift beyond the tolerance the assertion must detect (> 0). */
  effect: number
  /** The tolerance the test is against. @default 0 */
  tolerance?: number
  /** One-sided level of the test. @default 0.05 */
  alpha?: number
  /** Probability of detecting the effect. @default 0.8 */
  power?: number
  /** Standard deviation of one paired excess value, for continuous drift (required there). */
  sd?: number
  /**
   * How samples are paired: `'shared-seeds'` (a variant sample reuses the
   * base sample's random draws; the reference is 0) or
   * `'independent-streams'` (the reference is base-vs-base drift; blocks of 2 samples).
   * @default 'independent-streams'
   */
  reference?: 'shared-seeds' | 'independent-streams'
}

/** Result of {@link planRepeats}. */
export interface RepeatsPlan {
  /** Repeats per variant (samples of the base and of each variant). */
  repeats: number
  /** Independent paired values the test sees (repeats for shared seeds, ⌊repeats/2⌋ blocks otherwise). */
  pairs: number
  /** How the number was found. */
  method: string
}

// Exact binomial power is searched up to this many repeats (the search is quadratic).
const EXACT_UP_TO = 2000

/**
 * The repeats a stability assertion needs to call an excess drift of
 * `tolerance + effect` `unstable` with probability `power` at level `alpha`
 * (and, symmetrically, a true excess of `tolerance − effect` `stable`).
 * Binary drift with shared seeds: exact binomial power; otherwise the normal
 * approximation of the test the verdict runs (Chow, Shao & Wang, "Sample Size
 * Calculations in Clinical Research", 3rd ed., §3.1 and §4.2), with Student's t
 * quantiles for continuous drift.
 *
 * @example
 * planRepeats({ metric: 'binary', noise: 0.34, effect: 0.2 }).repeats // 142 (71 blocks of 2)
 * planRepeats({ metric: 'continuous', sd: 0.1, effect: 0.05, reference: 'shared-seeds' }).repeats // 27
 */
export function planRepeats(options: PlanRepeatsOptions): RepeatsPlan {
  const { metric, effect } = options
  const alpha = options.alpha ?? 0.05
  const power = options.power ?? 0.8
  const tolerance = options.tolerance ?? 0
  const noise = options.noise ?? 0
  const reference = options.reference ?? 'independent-streams'
  if (!(effect > 0)) throw new StatsError(`[stats] planRepeats option "effect" must be > 0, got ${String(effect)}`)
  if (!(alpha > 0 && alpha < 0.5)) throw new StatsError(`[stats] planRepeats option "alpha" must be in (0, 0.5), got ${String(alpha)}`)
  if (!(power > alpha && power < 1)) throw new StatsError(`[stats] planRepeats option "power" must be in (alpha, 1), got ${String(power)}`)
  if (!(tolerance >= 0)) throw new StatsError(`[stats] planRepeats option "tolerance" must be ≥ 0, got ${String(tolerance)}`)
  const za = normalQuantile(1 - alpha)
  const zb = normalQuantile(power)
  const perPair = reference === 'shared-seeds' ? 1 : 2
  if (metric === 'binary') {
    if (!(noise >= 0 && noise <= 1)) throw new StatsError(`[stats] planRepeats option "noise" must be in [0, 1], got ${String(noise)}`)
    if (reference === 'shared-seeds') {
      const p0 = tolerance
      const p1 = Math.min(1, tolerance + effect)
      // The critical count never falls as n grows, so it is carried over from one n to the next.
      let k = 0
      for (let n = 1; n <= EXACT_UP_TO; n++) {
        while (k <= n && binomialSf(k, n, p0) > alpha) k += 1
        if (k <= n && binomialSf(k, n, p1) >= power) return { repeats: n, pairs: n, method: 'exact binomial power' }
      }
      // Beyond, the normal approximation of the one-sample binomial test.
      const n = Math.ceil(((za * Math.sqrt(p0 * (1 - p0)) + zb * Math.sqrt(p1 * (1 - p1))) / effect) ** 2)
      return { repeats: Math.max(n, EXACT_UP_TO + 1), pairs: Math.max(n, EXACT_UP_TO + 1), method: 'normal approximation of the binomial test' }
    }
    // Block value x = A − C with A ~ B(noise + Δ), C ~ B(noise), taken as independent.
    const v = (delta: number): number => {
      const pa = Math.min(1, noise + delta)
      return pa * (1 - pa) + noise * (1 - noise)
    }
    const m = Math.ceil(((za * Math.sqrt(v(tolerance)) + zb * Math.sqrt(v(tolerance + effect))) / effect) ** 2)
    return { repeats: perPair * Math.max(2, m), pairs: Math.max(2, m), method: 'normal approximation of the paired-proportion score test' }
  }
  const sd = options.sd
  if (sd === undefined || !(sd >= 0)) throw new StatsError('[stats] planRepeats needs option "sd" (the standard deviation of one paired excess value) for continuous drift')
  let m = Math.max(2, Math.ceil(((za + zb) * sd / effect) ** 2))
  // Iterate with t quantiles: the verdict's interval uses them (converges in a few steps).
  for (let i = 0; i < 20; i++) {
    const next = Math.max(2, Math.ceil(((studentTQuantile(1 - alpha, m - 1) + studentTQuantile(power, m - 1)) * sd / effect) ** 2))
    if (next === m) break
    m = next
  }
  // The verdict's sign-flip test cannot reach p ≤ α with fewer than log2(1/α) values
  // (its smallest p-value is 2^−m), whatever the effect: plan at least that many.
  m = Math.max(m, Math.ceil(Math.log2(1 / alpha)))
  return { repeats: perPair * m, pairs: m, method: "Student's t approximation" }
}
