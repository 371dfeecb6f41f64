import type { Drift } from '../perturbations/drift.ts'
import type { SweepResult } from '../perturbations/sweep.ts'
import type { EffectRecord, ExecutionRecord, StabilityRecord, VariantRecord } from '../report/record.ts'
import { stabilityPasses } from '../report/family.ts'
import type { ResolvedVerdictOptions } from '../verdict/options.ts'
import type { EffectEstimate, StabilityVerdict } from '../verdict/types.ts'

// JSON has no Infinity/NaN; reports must survive a round trip through task meta and blobs.
const finite = (x: number): number => (Number.isFinite(x) ? x : 0)
const pair = (ci: readonly [number, number]): [number, number] => [finite(ci[0]), finite(ci[1])]
const bound = (x: number): number | null => (Number.isFinite(x) ? x : null)
const effectRecord = (e: EffectEstimate): EffectRecord => ({ estimate: finite(e.estimate), lower: bound(e.lower), upper: bound(e.upper), confidence: e.confidence })

/**
 * Whether the assertion passes before `.not`: `unstable` fails; `inconclusive`
 * and `vacuous` pass unless the options say `'fail'`. Negated, the assertion
 * claims `unstable`, so it passes (after `.not`) only on `unstable`.
 */
export function stabilityPass(outcome: StabilityVerdict['outcome'], options: Pick<ResolvedVerdictOptions, 'onInconclusive' | 'vacuous'>, negated: boolean): boolean {
  // The one rule, shared with the reporter's suite-wide re-judging.
  return stabilityPasses(outcome, { negated, onInconclusive: options.onInconclusive, onVacuous: options.vacuous })
}

/**
 * The serialisable record reports are built from: the verdict (outcome,
 * p-value, bounds, α, reference, repeats), the drift per variant with what
 * changed, the noise floor, the ripple and what the sweep's runs did.
 */
export function stabilityRecord(
  sweep: Pick<SweepResult, 'pipeline' | 'perturbations' | 'notes'>, drift: Drift, verdict: StabilityVerdict,
  options: Pick<ResolvedVerdictOptions, 'onInconclusive' | 'vacuous'>, negated: boolean, execution: ExecutionRecord,
): StabilityRecord {
  const notes = [...sweep.notes, ...verdict.notes]
  const variants = verdict.variants.map((v, i): VariantRecord => {
    const d = drift.perVariant[i]
    const detailNotes = [...new Set((d?.details ?? []).map((x) => x.note).filter((n): n is string => typeof n === 'string' && n !== ''))]
    return {
      id: v.variant,
      label: v.label,
      outcome: v.outcome,
      reference: v.reference,
      method: v.method,
      pValue: v.pValue,
      adjustedPValue: v.adjustedPValue,
      effect: effectRecord(v.effect),
      n: v.n,
      values: v.drift.map(finite),
      noise: v.noise.map(finite),
      cross: v.cross.map(finite),
      mean: finite(d?.mean ?? 0),
      max: finite(d?.max ?? 0),
      changed: [...(d?.changed ?? [])],
      notes: [...detailNotes.slice(0, 5), ...v.notes],
    }
  })
  const ripple = drift.ripple.map((r) => ({
    stage: r.stage, metric: r.metric, drift: finite(r.drift), noise: finite(r.noise), noiseUpper: finite(r.noiseUpper), exceeds: r.exceeds,
    ...(r.error ? { error: r.error } : {}),
  }))
  const firstExceeding = drift.firstExceeding
  return {
    kind: 'stability',
    pipeline: sweep.pipeline,
    stage: drift.stage,
    metric: { name: drift.metric.name, describe: drift.metric.describe },
    perturbations: [...sweep.perturbations],
    repeats: verdict.repeats,
    tolerance: verdict.tolerance,
    alpha: verdict.alpha,
    outcome: verdict.outcome,
    pValue: verdict.pValue,
    effect: effectRecord(verdict.effect),
    reference: verdict.reference,
    onInconclusive: options.onInconclusive,
    onVacuous: options.vacuous,
    pass: stabilityPass(verdict.outcome, options, negated),
    negated,
    ...(verdict.repeatsNeeded !== undefined ? { repeatsNeeded: verdict.repeatsNeeded } : {}),
    ...(verdict.looks ? { looks: verdict.looks.map((l) => ({ ...l })) } : {}),
    variants,
    noiseFloor: {
      values: drift.noiseFloor.values.map(finite), mean: finite(drift.noiseFloor.mean), ci: pair(drift.noiseFloor.ci),
      n: drift.noiseFloor.n, measured: drift.noiseFloor.measured,
    },
    ripple,
    ...(firstExceeding !== undefined ? { firstExceeding } : {}),
    notes,
    execution,
  }
}
