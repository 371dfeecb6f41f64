import type { AnyPipeline } from '../core/pipeline.ts'
import { StageError } from '../errors.ts'
import { inferMetric } from '../metrics/infer.ts'
import type { Metric } from '../metrics/metric.ts'
import { outputsOf } from '../perturbations/pairing.ts'
import type { Variant } from '../perturbations/variant.ts'
import { holmAdjust } from '../stats/holm.ts'
import type { PairedDesign } from './design.ts'
import { pairVariant } from './design.ts'
import { planNote } from './plan-note.ts'
import { effectBounds, EPS, testVariant } from './test-variant.ts'
import type { StabilityOutcome, StabilityVerdict, VariantVerdict } from './types.ts'

const fmt = (x: number): string => String(Number(x.toPrecision(3)))

/** What a verdict is judged against. */
export interface JudgeOptions {
  tolerance: number
  alpha: number
  /** Seed of sampled permutation tests. */
  seed: number
  /** The smallest excess drift that matters, for the power note and the futility boundary. @default the tolerance */
  minEffect?: number
  /**
   * A look's futility boundary (sequential repeats): a variant not shown
   * stable is futile when its upper bound at one-sided level `level` is
   * below tolerance + `effect` (it rejects an excess of that size).
   */
  futility?: { effect: number; level: number }
  /**
   * What the power note plans for: the declared α and the most repeats the
   * check runs (sequential repeats judge each look at its own level and
   * repeats). @default this verdict's α and repeats
   */
  plan?: { alpha: number; repeats: number }
}

/** The outcome of one test: unstable when p ≤ α, stable when the upper bound is within the tolerance. */
export function outcomeOf(pValue: number, upper: number, tolerance: number, alpha: number, vacuous: boolean): StabilityOutcome {
  if (vacuous) return 'vacuous'
  if (pValue <= alpha) return 'unstable'
  return upper <= tolerance + EPS ? 'stable' : 'inconclusive'
}

/**
 * The note of a variant that meets a look's futility boundary: its upper
 * bound at the futility level is below tolerance + effect; undefined when it does not.
 */
export function byFutility(design: PairedDesign, tolerance: number, futility: JudgeOptions['futility']): string | undefined {
  if (!futility || design.values.length === 0) return undefined
  const { effect, level } = futility
  const upper = effectBounds(design, level).upper
  if (!(upper < tolerance + effect - EPS)) return undefined
  return `futility boundary: upper bound ${fmt(upper)} at level ${fmt(level)} is below tolerance + minEffect = ${fmt(tolerance + effect)}, so an excess of that size is rejected (not shown within the tolerance)`
}

/**
 * Judges the drift of `stage` in every variant against the base
 * (`variants[0]`): one test per variant (see `testVariant`), Holm-adjusted
 * across the variants so that the assertion's chance of a false `unstable`
 * is at most α. `stable` needs every variant's upper bound within the
 * tolerance (an intersection–union test: no adjustment needed);
 * `vacuous` when every compared output of every variant was empty.
 */
export function judgeStability(pipeline: AnyPipeline, variants: readonly Variant[], stage: string, metricOption: Metric<any> | undefined, options: JudgeOptions): StabilityVerdict {
  const { tolerance, alpha, seed } = options
  const [base, ...others] = variants
  if (!base) throw new StageError(stage, '[verdict] the sweep has no base variant')
  const metric = metricOption ?? inferMetric(outputsOf(base, stage)[0]!.output)
  const designs = others.map((v) => pairVariant(pipeline, base, v, stage, metric))
  const tests = designs.map((d, i) => testVariant(d, tolerance, alpha, seed + i))
  const adjusted = tests.length > 0 ? holmAdjust(tests.map((t) => t.pValue)) : []
  const perVariant: VariantVerdict[] = others.map((v, i) => {
    const d = designs[i]!
    const t = tests[i]!
    const adjustedPValue = adjusted[i]!
    const notes = [...d.notes, ...t.notes]
    const outcome = outcomeOf(adjustedPValue, t.effect.upper, tolerance, alpha, d.vacuous)
    const futile = outcome === 'inconclusive' ? byFutility(d, tolerance, options.futility) : undefined
    if (futile) notes.push(futile)
    return {
      variant: v.id, label: v.label, outcome,
      reference: d.reference, method: t.method,
      pValue: t.pValue, adjustedPValue, effect: t.effect,
      n: d.values.length, drift: d.drift, noise: d.noise, cross: d.cross,
      notes,
    }
  })
  const notes: string[] = []
  let outcome: StabilityOutcome
  if (perVariant.length === 0) {
    outcome = 'inconclusive'
    notes.push('no variant to compare: every point of the perturbation(s) was dropped')
  } else if (perVariant.every((v) => v.outcome === 'vacuous')) {
    outcome = 'vacuous'
    notes.push(`every compared output of stage "${stage}" was empty on both sides: drift 0 says nothing about stability`)
  } else if (perVariant.some((v) => v.outcome === 'unstable')) {
    outcome = 'unstable'
  } else if (perVariant.every((v) => v.outcome === 'stable' || v.outcome === 'vacuous')) {
    outcome = 'stable'
  } else {
    outcome = 'inconclusive'
  }
  const deciding = outcome === 'unstable'
    ? perVariant.reduce((a, b) => (b.adjustedPValue < a.adjustedPValue ? b : a))
    : perVariant.reduce<VariantVerdict | undefined>((a, b) => (a === undefined || b.effect.upper > a.effect.upper ? b : a), undefined)
  const repeats = base.runs.length
  const verdict: StabilityVerdict = {
    outcome,
    pValue: perVariant.length > 0 ? Math.min(...perVariant.map((v) => v.adjustedPValue)) : 1,
    alpha, tolerance,
    effect: deciding?.effect ?? { estimate: 0, lower: Number.NEGATIVE_INFINITY, upper: Number.POSITIVE_INFINITY, confidence: 1 - 2 * alpha },
    reference: deciding?.reference ?? 'shared-seeds',
    repeats,
    variants: perVariant,
    notes,
  }
  // Sequential repeats stop for futility when every variant not shown stable met the boundary.
  if (outcome === 'inconclusive' && options.futility && perVariant.every((v) => v.outcome !== 'inconclusive' || v.notes.some((n) => n.startsWith('futility boundary')))) {
    verdict.futility = true
  }
  if (outcome !== 'vacuous') Object.assign(verdict, planNote(verdict, designs, options))
  return verdict
}
