import { StatsError } from '../errors.ts'
import { normalCdf, normalQuantile } from './normal.ts'
import { spendingBoundaries, stagewisePValue } from './spending.ts'

/** One interim look of a sequential design. */
export interface Look {
  /** Repeats available at this look. */
  repeats: number
  /**
   * Nominal one-sided level of this look's test of "excess drift ≤ tolerance":
   * `unstable` when its p-value is ≤ this, `stable` when the upper bound at
   * this level is ≤ the tolerance. Over all looks the chance of a wrong
   * `unstable` (or of a wrong `stable` against an excess at the tolerance) is α.
   */
  alpha: number
  /**
   * Nominal level of the futility bound: `stable` when the upper bound at this
   * level is below tolerance + minEffect. Over all looks the chance of calling
   * an excess of tolerance + minEffect `stable` is at most β. Absent without a futility boundary.
   */
  beta?: number
}

/** Options of {@link sequentialLooks}. */
export interface SequentialOptions {
  /** Type II error spent on the futility boundary; 0 = none. @default 0 */
  beta?: number
  /** Repeats added between looks. @default ⌈min/4⌉ (even when min is even), so that at most 80 looks are taken */
  step?: number
}

/** Most looks a design takes: the boundary recursion's cost grows with its grid and its looks (about 0.3 s for 60 looks, once per design). */
const MAX_LOOKS = 80
/** The power the slope of the boundaries is shaped for (the planner's). */
const SHAPE_POWER = 0.8

const cache = new Map<string, Look[]>()

/**
 * The error-spending function of a straight boundary a + b·t on the scale of
 * the score W(t) = Z√t, a Brownian motion: the chance that W crosses the
 * line by t (the first-passage law, e.g. Siegmund 1985, "Sequential
 * Analysis", eq. 3.15: 1 − Φ((a + bt)/√t) + e^{−2ab}·Φ((bt − a)/√t)),
 * rescaled to spend exactly `level` by t = 1, with a = ln(1/level)/(2b) so
 * that e^{−2ab} = level. b is half the drift of the alternative at `max`,
 * the slope of Wald's SPRT boundaries (log-likelihood ratio δS − nδ²/2).
 */
function lineSpending(level: number, b: number): (t: number) => number {
  const a = Math.log(1 / level) / (2 * b)
  const crossed = (t: number): number => normalCdf(-(a + b * t) / Math.sqrt(t)) + level * normalCdf((b * t - a) / Math.sqrt(t))
  const total = crossed(1)
  return (t) => (level * crossed(t)) / total
}

/**
 * The looks of a group-sequential design from `min` to `max` repeats, one
 * every `step` repeats, and the nominal levels of each: error spending
 * (Lan & DeMets 1983, Biometrika 70:659) at information fraction
 * t = repeats / max, with spending functions shaped like Wald's SPRT
 * (Wald 1947): each spends its error as a Brownian motion crosses a straight
 * line of slope b = (z_{1−α} + z_{0.8})/√2 by time t ({@link lineSpending}):
 * half the drift of an effect that a fixed test of max/2 repeats detects
 * with 80 % power, so the design is shaped for max ≈ 2 × the fixed n that
 * `planRepeats` asks for (valid for any max). Boundaries are computed exactly
 * under the canonical joint distribution by numerical recursion
 * ({@link spendingBoundaries}; Jennison & Turnbull 2000, ch. 19). The
 * efficacy boundary (`alpha`) and the futility boundary (`beta`, rejecting
 * an excess of tolerance + minEffect; Jennison & Turnbull 2000, §7.2) are each
 * computed under their own hypothesis, ignoring the other: both are
 * non-binding, so each error rate holds whatever the other boundary does.
 *
 * @example
 * sequentialLooks(16, 64, 0.05, { beta: 0.17 }).map((l) => l.repeats) // [16, 20, 24, …, 60, 64]
 */
export function sequentialLooks(min: number, max: number, alpha: number, options: SequentialOptions = {}): Look[] {
  if (!Number.isInteger(min) || !Number.isInteger(max) || min < 1 || max < min) {
    throw new StatsError(`a sequential design needs integers 1 ≤ min ≤ max, got min = ${String(min)}, max = ${String(max)}`, { component: 'stats' })
  }
  if (!(alpha > 0 && alpha < 0.5)) throw new StatsError(`a sequential design needs alpha in (0, 0.5), got ${String(alpha)}`, { component: 'stats' })
  const beta = options.beta ?? 0
  if (!(beta >= 0 && beta < 0.5)) throw new StatsError(`a sequential design needs beta in [0, 0.5), got ${String(beta)}`, { component: 'stats' })
  // Blocks of 2 samples (independent streams) stay whole: an even min gets an even step.
  const evenly = (n: number): number => (min % 2 === 0 && n % 2 === 1 ? n + 1 : n)
  let step = options.step ?? evenly(Math.ceil(min / 4))
  if (!Number.isInteger(step) || step < 1) throw new StatsError(`a sequential design needs an integer step ≥ 1, got ${String(step)}`, { component: 'stats' })
  if (options.step === undefined && (max - min) / step + 1 > MAX_LOOKS) step = evenly(Math.ceil((max - min) / (MAX_LOOKS - 1)))
  const key = `${min}:${max}:${step}:${alpha}:${beta}`
  const known = cache.get(key)
  if (known) return known.map((l) => ({ ...l }))
  const repeats: number[] = []
  for (let n = min; n < max; n += step) repeats.push(n)
  repeats.push(max)
  const t = repeats.map((n) => n / max)
  const b = (normalQuantile(1 - alpha) + normalQuantile(SHAPE_POWER)) / Math.SQRT2
  const efficacy = lineSpending(alpha, b)
  const upper = spendingBoundaries(t, t.map(efficacy))
  // The futility boundary rejects "excess ≥ tolerance + minEffect": the mirror image of an efficacy boundary under that hypothesis.
  const futility = beta > 0 ? lineSpending(beta, b) : undefined
  const lower = futility ? spendingBoundaries(t, t.map(futility)) : undefined
  const looks = repeats.map((n, k): Look => ({
    repeats: n, alpha: 1 - normalCdf(upper[k]!),
    ...(lower ? { beta: 1 - normalCdf(lower[k]!) } : {}),
  }))
  cache.set(key, looks)
  return looks.map((l) => ({ ...l }))
}

// Φ⁻¹(1 − p), with the ends of [0, 1] mapped to ±∞ (an exact test's p of 0 or 1).
const zOf = (p: number): number => (p <= 0 ? Number.POSITIVE_INFINITY : p >= 1 ? Number.NEGATIVE_INFINITY : normalQuantile(1 - p))

/**
 * The overall p-value of a sequential run that stopped at look `k` (0-based)
 * of `looks` with nominal p-value `p` there: the stage-wise ordering p-value
 * ({@link stagewisePValue}) on the efficacy boundary, which is ≤ α exactly
 * when the run stopped `unstable` and valid across looks (a suite-wide
 * adjustment may use it). A run that stopped early for any other reason is
 * given 1: where it would have gone is unknown, and 1 is the valid bound.
 *
 * @example
 * const looks = sequentialLooks(10, 40, 0.05)
 * sequentialPValue(looks, 0, 0.001, true) // 0.001: at the first look the nominal p-value is the overall one
 * sequentialPValue(looks, 2, 0.2, false) // 1: stopped early, not unstable
 */
export function sequentialPValue(looks: readonly Look[], k: number, p: number, stoppedUnstable: boolean): number {
  if (!stoppedUnstable && k < looks.length - 1) return 1
  const max = looks.at(-1)!.repeats
  return stagewisePValue(looks.map((l) => l.repeats / max), looks.map((l) => zOf(l.alpha)), k, zOf(p))
}
