import type { Metric } from '../metrics/metric.ts'
import type { SweepResult } from '../perturbations/sweep.ts'
import type { ResolvedVerdictOptions } from './options.ts'
import type { StabilityVerdict } from './types.ts'

/** What a verdict was judged on, kept for `report()`: the sweep (drift per variant, ripple, runs), the stage, metric and options. */
export interface CheckedStability {
  sweep: SweepResult
  stage: string
  metric: Metric<any> | undefined
  options: Pick<ResolvedVerdictOptions, 'onInconclusive' | 'vacuous'>
}

// Keyed by the verdict object: the verdict stays a plain value, and a copy of it is a plain value without its sweep.
const checked = new WeakMap<StabilityVerdict, CheckedStability>()

/**
 * Names the verdict's subject (pipeline, stage, perturbations) on it and keeps
 * what it was judged on; `checkStability()` and `sweep().verdict()` call it.
 */
export function keepChecked(verdict: StabilityVerdict, check: CheckedStability): StabilityVerdict {
  checked.set(verdict, check)
  verdict.pipeline = check.sweep.pipeline
  verdict.stage = check.stage
  verdict.perturbations = [...check.sweep.perturbations]
  return verdict
}

/** What a verdict from `checkStability()` or `sweep().verdict()` was judged on; `undefined` for any other object (a copy, too). */
export function checkedStability(verdict: object): CheckedStability | undefined {
  return checked.get(verdict as StabilityVerdict)
}
