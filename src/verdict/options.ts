import { OptionsError } from '../errors.ts'

/** How a stability check decides. Every option but `tolerance` has a default. */
export interface VerdictOptions {
  /**
   * The largest acceptable excess drift, in the metric's units: drift beyond
   * the pipeline's own noise (see docs/statistics.md). 0 = no effect at all.
   */
  tolerance: number
  /** One-sided level of the test: the chance of calling a within-tolerance perturbation `unstable`. @default 0.05 */
  alpha?: number
  /** What an `inconclusive` outcome does to the assertion. @default 'pass' */
  onInconclusive?: 'pass' | 'fail'
  /** What a `vacuous` outcome (every compared output empty) does to the assertion. @default 'pass' */
  vacuous?: 'pass' | 'fail'
  /**
   * The smallest excess drift that matters: the power warning plans for it,
   * and sequential repeats stop early (inconclusive) once an excess of
   * tolerance + minEffect is rejected. @default the tolerance
   */
  minEffect?: number
  /** @deprecated mapped to `alpha = 1 − confidence`; see docs/statistics.md#migration */
  confidence?: number
  /** @deprecated the tolerance always means drift beyond the noise now; `true` is accepted, `false` throws (docs/statistics.md#migration). */
  excess?: true
  /** Removed: the verdict is a test with a declared `alpha` (docs/statistics.md#migration); throws when given. */
  statistic?: never
}

/** {@link VerdictOptions} checked, with defaults and the old options mapped. */
export interface ResolvedVerdictOptions {
  tolerance: number
  alpha: number
  onInconclusive: 'pass' | 'fail'
  vacuous: 'pass' | 'fail'
  minEffect?: number
  /** Notes on mapped legacy options. */
  notes: string[]
}

const MIGRATION = 'see docs/statistics.md#migration'

/** Checks the verdict options and fills in the defaults; throws an OptionsError naming the option on misuse. */
export function resolveVerdictOptions(options: VerdictOptions, where: string): ResolvedVerdictOptions {
  const fail = (message: string): never => {
    throw new OptionsError(`[${where}] ${message}`)
  }
  const { tolerance, statistic, confidence, excess, onInconclusive, vacuous, minEffect } = options
  if (typeof tolerance !== 'number' || !Number.isFinite(tolerance) || tolerance < 0) fail(`option "tolerance" must be a finite number ≥ 0 (excess drift beyond the noise, in the metric's units), got ${String(tolerance)}`)
  if (statistic !== undefined) {
    fail(`option "statistic" was removed: the verdict is now a statistical test of the excess drift with a declared "alpha" (stable / unstable / inconclusive), not a comparison of the ${JSON.stringify(statistic)} with the tolerance; remove it (${MIGRATION})`)
  }
  if ((excess as boolean | undefined) === false) fail(`option "excess: false" was removed: "tolerance" always means drift beyond the pipeline's own noise; remove it (${MIGRATION})`)
  const notes: string[] = []
  let alpha = options.alpha
  if (confidence !== undefined) {
    if (alpha !== undefined) fail(`options "confidence" and "alpha" were both given; "confidence" is deprecated, keep "alpha" (${MIGRATION})`)
    if (!(confidence > 0.5 && confidence < 1)) fail(`option "confidence" must be in (0.5, 1), got ${String(confidence)}`)
    alpha = 1 - (confidence as number)
    notes.push(`option "confidence: ${String(confidence)}" is deprecated and was read as alpha = ${String(Number(alpha.toPrecision(6)))} (${MIGRATION})`)
  }
  alpha ??= 0.05
  if (!(alpha > 0 && alpha < 0.5)) fail(`option "alpha" must be in (0, 0.5), got ${String(alpha)}`)
  if (onInconclusive !== undefined && onInconclusive !== 'pass' && onInconclusive !== 'fail') fail(`option "onInconclusive" must be 'pass' or 'fail', got ${JSON.stringify(onInconclusive)}`)
  if (vacuous !== undefined && vacuous !== 'pass' && vacuous !== 'fail') fail(`option "vacuous" must be 'pass' or 'fail', got ${JSON.stringify(vacuous)}`)
  if (minEffect !== undefined && !(minEffect > 0 && Number.isFinite(minEffect))) fail(`option "minEffect" must be a finite number > 0, got ${String(minEffect)}`)
  return {
    tolerance: tolerance as number, alpha,
    onInconclusive: onInconclusive ?? 'pass', vacuous: vacuous ?? 'pass',
    ...(minEffect !== undefined ? { minEffect } : {}),
    notes,
  }
}

/** Repeats: a number, or `{ min, max }` for sequential repeats. */
export type RepeatsOption = number | { min: number; max: number }

/** Checks a repeats option; returns `{ min, max }` (equal for a fixed number). */
export function resolveRepeats(repeats: RepeatsOption | undefined, where: string, fallback = 3): { min: number; max: number } {
  const bad = (): never => {
    throw new OptionsError(`[${where}] option "repeats" must be a positive integer or { min, max } with integers 2 ≤ min ≤ max, got ${JSON.stringify(repeats)}`)
  }
  if (repeats === undefined) return { min: fallback, max: fallback }
  if (typeof repeats === 'number') return Number.isInteger(repeats) && repeats >= 1 ? { min: repeats, max: repeats } : bad()
  if (typeof repeats !== 'object' || repeats === null) return bad()
  const { min, max } = repeats
  if (!Number.isInteger(min) || !Number.isInteger(max) || min < 2 || max < min) return bad()
  return { min, max }
}
