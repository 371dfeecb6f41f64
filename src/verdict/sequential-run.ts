import { sequentialLooks, sequentialPValue } from '../stats/sequential.ts'
import type { JudgeOptions } from './judge.ts'
import type { ResolvedVerdictOptions } from './options.ts'
import type { StabilityVerdict } from './types.ts'

/**
 * Type II error of the futility boundary: the chance that sequential repeats
 * stop at it (inconclusive) when the excess is tolerance + minEffect. Of the 20 % the planner
 * (`planRepeats`) and the power note allow (80 % power), the futility
 * boundary spends 17 %; the rest is left to runs that reach `max` undecided
 * (non-binding boundaries do not meet at `max`: about 2 % with `max` = 2 × the
 * planned n), so that the power stays at 80 % (bench/RESULTS.md §7).
 */
export const SEQUENTIAL_BETA = 0.17

/** What one look is judged at: its nominal level and, when the design has one, its futility boundary. */
export interface LookLevels {
  alpha: number
  futility?: JudgeOptions['futility']
  /** What the power note plans for: the declared α and the most repeats (`max`). */
  plan?: JudgeOptions['plan']
}

const fmt = (x: number): string => String(Number(x.toPrecision(3)))

/**
 * Runs the looks of sequential repeats (`repeats: { min, max }`): at each
 * look `judgeAt` brings the samples up to that many repeats (cached samples
 * are free) and judges them at the look's levels; the first look that is
 * not `inconclusive` decides. The design is {@link sequentialLooks}:
 * `unstable` at most α of the time when the excess is within the tolerance;
 * a stop at the futility boundary (tolerance + minEffect, minEffect
 * defaulting to the tolerance; `inconclusive`, marked `futility`) at most
 * {@link SEQUENTIAL_BETA} of the time when the excess is that large. The verdict's bounds are repeated confidence
 * bounds (Jennison & Turnbull 2000, ch. 9): over all looks they cover the
 * excess with probability ≥ 1 − 2α. The verdict's p-value (and the
 * variants' adjusted ones) are stage-wise ordering p-values, valid across
 * the looks ({@link sequentialPValue}).
 */
export async function runLooks<T>(
  min: number, max: number, resolved: ResolvedVerdictOptions, judgeAt: (repeats: number, levels: LookLevels) => Promise<{ verdict: StabilityVerdict; extra: T }>,
): Promise<{ verdict: StabilityVerdict; extra: T }> {
  const effect = resolved.minEffect ?? resolved.tolerance
  const looks = sequentialLooks(min, max, resolved.alpha, { beta: effect > 0 ? SEQUENTIAL_BETA : 0 })
  const trail: NonNullable<StabilityVerdict['looks']> = []
  let last: { verdict: StabilityVerdict; extra: T } | undefined
  for (const look of looks) {
    last = await judgeAt(look.repeats, {
      alpha: look.alpha, plan: { alpha: resolved.alpha, repeats: max }, ...(look.beta !== undefined ? { futility: { effect, level: look.beta } } : {}),
    })
    trail.push({ repeats: look.repeats, alpha: look.alpha, ...(look.beta !== undefined ? { beta: look.beta } : {}), outcome: last.verdict.outcome })
    if (last.verdict.outcome !== 'inconclusive' || last.verdict.futility) break
  }
  const { verdict } = last!
  // The declared α is what the design guarantees over all looks; each look tested at its nominal level.
  verdict.alpha = resolved.alpha
  // p-values valid across the looks (stage-wise ordering), so the suite-wide adjustment can use them.
  const k = trail.length - 1
  verdict.pValue = sequentialPValue(looks, k, verdict.pValue, verdict.outcome === 'unstable')
  for (const v of verdict.variants) v.adjustedPValue = sequentialPValue(looks, k, v.adjustedPValue, v.outcome === 'unstable')
  verdict.looks = trail
  const confidence = 1 - 2 * resolved.alpha
  for (const e of [verdict.effect, ...verdict.variants.map((v) => v.effect)]) if (e.confidence < 1) e.confidence = confidence
  const futility = effect > 0
    ? `; it stops early, inconclusive, when the upper bound at the look's β level is below tolerance + minEffect = ${fmt(resolved.tolerance + effect)} (futility, β = ${SEQUENTIAL_BETA} spent like α: an excess that large stops it so at most ${SEQUENTIAL_BETA * 100} % of the time)${verdict.futility ? ', as it did here: not shown within the tolerance' : ''}`
    : '; no futility boundary (tolerance 0 and no minEffect)'
  verdict.notes.unshift(...resolved.notes, `sequential repeats ${min}..${max}: ${trail.map((l) => `${l.repeats} (α ${fmt(l.alpha)}${l.beta !== undefined ? `, β ${fmt(l.beta)}` : ''}) ${l.outcome}`).join(' → ')}; error-spending group-sequential design (Lan & DeMets 1983; α spent as a Brownian motion crosses a line of the slope of Wald's SPRT, boundaries by numerical recursion, Jennison & Turnbull 2000): a false "unstable" at most α = ${fmt(resolved.alpha)} over all looks${futility}; the bounds are repeated confidence bounds (${fmt(100 * confidence)} % over all looks); the p-value is the stage-wise ordering p-value over the looks (1 for a run that stopped early other than unstable), the variants' raw p-values are those of the last look`)
  return last!
}
