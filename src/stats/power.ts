import { StatsError } from '../errors.ts'
import { binomialSf } from './binomial.ts'
import { normalCdf, normalQuantile } from './normal.ts'
import type { DiscordanceModel } from './paired-proportion-power.ts'
import { pairedProportionPower } from './paired-proportion-power.ts'
import { signFlipPower } from './sign-flip-power.ts'
import { studentTCdf, studentTQuantile } from './student-t.ts'

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
  /** Repeats per variant (samples of the base and of each variant); `Infinity` when no number of repeats can detect the effect (`method` says why). */
  repeats: number
  /** Independent paired values the test sees (repeats for shared seeds, ⌊repeats/2⌋ blocks otherwise). */
  pairs: number
  /** How the number was found. */
  method: string
  /** The power at `repeats` under the planner's model (exact, simulated or approximate, as `method` says); absent when no repeats suffice. */
  power?: number
}

// Exact binomial power is searched up to this many repeats (the search is quadratic).
const EXACT_UP_TO = 2000
// The verdict's sign-flip test is exact (enumerated) up to this many values; the planner
// simulates its power there and trusts the t approximation above (the permutation test and
// the t-test have the same large-sample power: Hoeffding 1952).
const SIGN_FLIP_EXACT_UP_TO = 16

/**
 * The worst case of one block's discordance for 0/1 drift of the form
 * "a label of the two outputs differs" (the winner, a class). With C the
 * base-vs-base drift (P(C = 1) = noise) and A the base-vs-variant drift of
 * the same block, which share base sample b₂ⱼ₊₁: P(A = 0, C = 1) =
 * Σ q(y)(1 − q(y)) q′(y) ≤ max q(y)(1 − q(y)), which is ≤ noise / 2 and ≤ ¼
 * (q, q′ the base's and the variant's label distributions), and
 * P(A = 1, C = 0) = P(A = 0, C = 1) + Δ ≤ P(C = 0) = 1 − noise. The planner
 * takes the largest discordance these allow: exact when the output takes two
 * values, conservative otherwise. `undefined` when Δ > 1 − noise (the
 * variant cannot differ from the base that much more often than the base
 * differs from itself).
 */
function discordanceOf(noise: number, delta: number): DiscordanceModel | undefined {
  if (delta > 1 - noise) return undefined
  const p01 = Math.max(0, Math.min(noise / 2, 0.25, 1 - noise - delta))
  return { p10: p01 + delta, p01 }
}

/**
 * The smallest n in [lo, hi] with power(n) ≥ target, by bisection (power
 * rises with n up to the saw-teeth of a discrete test, so the n found has
 * power ≥ target and n − 1 below it); `undefined` when even hi falls short.
 */
function searchN(power: (n: number) => number, target: number, lo: number, hi: number): number | undefined {
  if (power(lo) >= target) return lo
  if (power(hi) < target) return undefined
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1
    if (power(mid) >= target) hi = mid
    else lo = mid
  }
  return hi
}

/**
 * The repeats a stability assertion needs to call an excess drift of
 * `tolerance + effect` `unstable` with probability `power` at level `alpha`,
 * planned for the test the verdict runs:
 * - binary drift, shared seeds: exact binomial power;
 * - binary drift, independent streams: exact power of the one-sided McNemar
 *   test (tolerance 0) or Tango's score test (tolerance > 0) by enumerating
 *   the trinomial of block values, with the worst-case discordance P(A = 0,
 *   C = 1) = noise / 2 (exact when the output takes two values);
 * - continuous drift: block values N(tolerance + effect, sd²); the exact
 *   sign-flip test's power by a seeded simulation up to 16 values, Student's
 *   t approximation above (Chow, Shao & Wang, "Sample Size Calculations in
 *   Clinical Research", 3rd ed., §3.1); at tolerance 0 with shared seeds the
 *   verdict calls any drift significant, so the plan is the n at which some
 *   value is above 0.
 *
 * @example
 * planRepeats({ metric: 'binary', noise: 0.34, effect: 0.2 }).repeats // 180 (90 blocks of 2)
 * planRepeats({ metric: 'continuous', sd: 0.1, effect: 0.05, tolerance: 0.1, reference: 'shared-seeds' }).repeats // 27
 */
export function planRepeats(options: PlanRepeatsOptions): RepeatsPlan {
  // A check plans after every batch, often from the same measured noise (k of m blocks): remember.
  const key = stableKey(options)
  const known = plans.get(key)
  if (known) return { ...known }
  const plan = computePlan(options)
  if (plans.size >= PLAN_CACHE_SIZE) plans.delete(plans.keys().next().value!)
  plans.set(key, plan)
  return { ...plan }
}

const PLAN_CACHE_SIZE = 4096
const plans = new Map<string, RepeatsPlan>()
const stableKey = (o: PlanRepeatsOptions): string => [o.metric, o.noise, o.effect, o.tolerance, o.alpha, o.power, o.sd, o.reference].join(' ')

function computePlan(options: PlanRepeatsOptions): RepeatsPlan {
  const { metric, effect } = options
  const alpha = options.alpha ?? 0.05
  const power = options.power ?? 0.8
  const tolerance = options.tolerance ?? 0
  const noise = options.noise ?? 0
  const reference = options.reference ?? 'independent-streams'
  if (!(effect > 0)) throw new StatsError(`planRepeats option "effect" must be > 0, got ${String(effect)}`, { component: 'stats' })
  if (!(alpha > 0 && alpha < 0.5)) throw new StatsError(`planRepeats option "alpha" must be in (0, 0.5), got ${String(alpha)}`, { component: 'stats' })
  if (!(power > alpha && power < 1)) throw new StatsError(`planRepeats option "power" must be in (alpha, 1), got ${String(power)}`, { component: 'stats' })
  if (!(tolerance >= 0)) throw new StatsError(`planRepeats option "tolerance" must be ≥ 0, got ${String(tolerance)}`, { component: 'stats' })
  const za = normalQuantile(1 - alpha)
  const zb = normalQuantile(power)
  const perPair = reference === 'shared-seeds' ? 1 : 2
  const plan = (pairs: number, method: string, achieved?: number): RepeatsPlan => ({ repeats: perPair * pairs, pairs, method, ...(achieved !== undefined ? { power: achieved } : {}) })
  if (metric === 'binary') {
    if (!(noise >= 0 && noise <= 1)) throw new StatsError(`planRepeats option "noise" must be in [0, 1], got ${String(noise)}`, { component: 'stats' })
    if (reference === 'shared-seeds') {
      const p0 = tolerance
      const p1 = Math.min(1, tolerance + effect)
      // The critical count never falls as n grows, so it is carried over from one n to the next.
      let k = 0
      for (let n = 1; n <= EXACT_UP_TO; n++) {
        while (k <= n && binomialSf(k, n, p0) > alpha) k += 1
        const achieved = k <= n ? binomialSf(k, n, p1) : 0
        if (achieved >= power) return plan(n, 'exact binomial power', achieved)
      }
      // Beyond, the normal approximation of the one-sample binomial test.
      const n = Math.ceil(((za * Math.sqrt(p0 * (1 - p0)) + zb * Math.sqrt(p1 * (1 - p1))) / effect) ** 2)
      return plan(Math.max(n, EXACT_UP_TO + 1), 'normal approximation of the binomial test')
    }
    const model = discordanceOf(noise, tolerance + effect)
    if (!model) return plan(Number.POSITIVE_INFINITY, `none: base samples already differ with probability ${noise}, so the drift to a variant cannot exceed it by ${tolerance + effect}`)
    const delta = tolerance + effect
    // Block value x ∈ {−1, 0, 1}: variance under H1 (the alternative) and at the margin (same discordance, mean = tolerance).
    const v1 = model.p10 + model.p01 - delta ** 2
    const v0 = model.p10 + model.p01 - tolerance ** 2
    const approx = Math.max(2, Math.ceil(((za * Math.sqrt(v0) + zb * Math.sqrt(v1)) / (delta - tolerance)) ** 2))
    const test = tolerance <= 0 ? 'exact one-sided McNemar test' : "Tango's score test"
    const exact = (m: number): number => pairedProportionPower(m, model, tolerance, alpha)
    const m = approx <= EXACT_UP_TO ? searchN(exact, power, Math.max(1, Math.floor(approx / 2)), Math.min(EXACT_UP_TO, 2 * approx)) : undefined
    if (m !== undefined) return plan(m, `exact power of the ${test} (block discordance ≤ noise/2 + effect)`, exact(m))
    return plan(approx, `normal approximation of the ${test}`)
  }
  const sd = options.sd
  if (sd === undefined || !(sd >= 0)) throw new StatsError('planRepeats needs option "sd" (the standard deviation of one paired excess value) for continuous drift', { component: 'stats' })
  const d = effect / sd
  if (reference === 'shared-seeds' && tolerance <= 0) {
    // Any drift is significant: power = 1 − P(value ≤ 0)^n with P(value ≤ 0) = Φ(−d).
    const miss = normalCdf(-d)
    const n = miss <= 0 ? 1 : Math.max(1, Math.ceil(Math.log(1 - power) / Math.log(miss) - 1e-9))
    return plan(n, 'exact (shared seeds, tolerance 0: any drift decides), normal model of the drift', 1 - miss ** n)
  }
  // The sign-flip test cannot reach p ≤ α with fewer than log2(1/α) values (its smallest p-value is 2^−m).
  const fewest = Math.ceil(Math.log2(1 / alpha) - 1e-9)
  let m = Math.max(2, Math.ceil(((za + zb) / d) ** 2))
  // Iterate with t quantiles (converges in a few steps).
  for (let i = 0; i < 20; i++) {
    const next = Math.max(2, Math.ceil(((studentTQuantile(1 - alpha, m - 1) + studentTQuantile(power, m - 1)) / d) ** 2))
    if (next === m) break
    m = next
  }
  m = Math.max(m, fewest)
  if (m <= SIGN_FLIP_EXACT_UP_TO) {
    // Simulated power is remembered per (n, d): round d down to a 1 % grid (a smaller effect
    // needs no fewer repeats, so the plan stays on the safe side).
    const grid = Number.isFinite(d) ? 1.01 ** Math.floor(Math.log(d) / Math.log(1.01)) : 1e6
    const enough = (k: number): boolean => signFlipPower(k, grid, alpha) >= power
    // Start at the t plan and walk to the smallest n that reaches the power (one or two steps).
    let k = m
    if (enough(k)) {
      while (k > fewest && enough(k - 1)) k -= 1
    } else {
      while (k <= SIGN_FLIP_EXACT_UP_TO && !enough(k)) k += 1
    }
    if (k <= SIGN_FLIP_EXACT_UP_TO) return plan(k, 'simulated power of the exact sign-flip test (4,000 seeded normal samples)', signFlipPower(k, grid, alpha))
    m = SIGN_FLIP_EXACT_UP_TO + 1
  }
  // Power of the one-sided t-test at m values, by the shifted central t (the approximation that planned m).
  return plan(m, "Student's t approximation", studentTCdf(d * Math.sqrt(m) - studentTQuantile(1 - alpha, m - 1), m - 1))
}
