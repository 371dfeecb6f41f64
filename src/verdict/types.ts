/**
 * The outcome of a stability test:
 * - `stable`: the upper confidence bound of the excess drift is ≤ the tolerance;
 * - `unstable`: the excess drift is significantly greater than the tolerance at level α;
 * - `inconclusive`: neither (too few repeats for the noise);
 * - `vacuous`: every compared output was empty on both sides, so drift 0 says nothing.
 */
export type StabilityOutcome = 'stable' | 'unstable' | 'inconclusive' | 'vacuous'

/**
 * What drift is compared with, chosen from how the samples were paired:
 * - `deterministic`: no stochastic stage feeds the stage; drift is exact, no sampling error;
 * - `shared-seeds`: every variant sample reused its base sample's random draws
 *   (same cache key of every stochastic stage upstream), so under "no effect" the
 *   drift is 0: the reference is 0;
 * - `independent-streams`: the perturbation changed what a stochastic stage drew,
 *   so the reference is the drift between two base samples, measured in disjoint
 *   blocks against a variant sample of a different seed.
 */
export type StabilityReference = 'deterministic' | 'shared-seeds' | 'independent-streams'

/** An estimate with confidence bounds. */
export interface EffectEstimate {
  /** Mean excess drift (drift minus its reference). */
  estimate: number
  /** One-sided lower bound at level 1 − α (`-Infinity` when none can be given). */
  lower: number
  /** One-sided upper bound at level 1 − α (`Infinity` when none can be given). */
  upper: number
  /** Two-sided level of [lower, upper]: 1 − 2α; 1 for an exact (deterministic) comparison. */
  confidence: number
}

/** The test of one variant against the base. */
export interface VariantVerdict {
  /** Variant id, e.g. `generation.top_p=0.95`. */
  variant: string
  label: string
  outcome: StabilityOutcome
  reference: StabilityReference
  /** The test used, e.g. `exact binomial test, Clopper–Pearson bounds`. */
  method: string
  /** One-sided p-value of H0 "excess drift ≤ tolerance" for this variant alone. */
  pValue: number
  /** Holm-adjusted across the variants of the assertion. */
  adjustedPValue: number
  effect: EffectEstimate
  /** Independent paired values the test used (samples or blocks of two samples). */
  n: number
  /** Paired drift, variant sample i vs base sample i. */
  drift: number[]
  /** Reference drift per block (base sample 2j+1 vs 2j); empty when the reference is 0. */
  noise: number[]
  /** Drift per block compared with `noise` (variant sample 2j vs base sample 2j+1, different seeds); empty when the reference is 0. */
  cross: number[]
  notes: string[]
}

/** The verdict of a stability check. */
export interface StabilityVerdict {
  outcome: StabilityOutcome
  /** Smallest Holm-adjusted one-sided p-value over the variants (H0: excess drift ≤ tolerance). */
  pValue: number
  alpha: number
  tolerance: number
  /** The effect of the deciding variant (the one with the smallest p when unstable, else the largest upper bound). */
  effect: EffectEstimate
  /** The reference of the deciding variant; see {@link StabilityReference}. */
  reference: StabilityReference
  /** Repeats per variant the verdict used. */
  repeats: number
  variants: VariantVerdict[]
  /** Repeats the planner asks for to detect an excess of `minEffect` (or the tolerance) with 80 % power, when more than were run. */
  repeatsNeeded?: number
  /**
   * Looks of a sequential run (`repeats: { min, max }`): the repeats at each
   * look, its nominal level `alpha` (efficacy) and `beta` (futility: stop
   * when an excess of tolerance + minEffect is rejected; absent when there is
   * no futility boundary), and the outcome there.
   */
  looks?: { repeats: number; alpha: number; beta?: number; outcome: StabilityOutcome }[]
  /**
   * Sequential repeats stopped at the futility boundary: every variant not
   * shown stable rejects an excess of tolerance + minEffect at the look's β
   * level. The outcome stays `inconclusive` (the excess is not shown within
   * the tolerance); more repeats would be unlikely to show it `unstable`.
   */
  futility?: true
  notes: string[]
  /** The pipeline checked; set by `checkStability()` and `sweep().verdict()`. */
  pipeline?: string
  /** The stage whose output was compared; set by `checkStability()` and `sweep().verdict()`. */
  stage?: string
  /** The perturbations, described; set by `checkStability()` and `sweep().verdict()`. */
  perturbations?: string[]
}
