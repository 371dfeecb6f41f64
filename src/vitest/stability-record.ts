import type { Drift } from '../perturbations/drift.ts'
import type { SweepResult } from '../perturbations/sweep.ts'
import type { ExecutionRecord, StabilityRecord, ToleranceRecord, VariantRecord } from '../report/record.ts'
import { judge } from './tolerance.ts'

// JSON has no Infinity/NaN; reports must survive a round trip through task meta and blobs.
const finite = (x: number): number => (Number.isFinite(x) ? x : 0)
const pair = (ci: readonly [number, number]): [number, number] => [finite(ci[0]), finite(ci[1])]

/**
 * Judges every variant of a drift against the tolerance and returns the
 * serialisable record reports are built from, with what the sweep's runs did.
 */
export function stabilityRecord(
  sweep: Pick<SweepResult, 'pipeline' | 'perturbations' | 'notes' | 'repeats'>, drift: Drift, tolerance: ToleranceRecord, negated: boolean, execution: ExecutionRecord,
): StabilityRecord {
  const notes = [...sweep.notes]
  const variants = drift.perVariant.map((v): VariantRecord => {
    const verdict = judge(v, tolerance)
    if (verdict.tooFew && !notes.includes(verdict.tooFew)) notes.push(verdict.tooFew)
    const detailNotes = [...new Set(v.details.map((d) => d.note).filter((n): n is string => typeof n === 'string' && n !== ''))]
    return {
      id: v.variant.id,
      label: v.variant.label,
      values: v.values.map(finite),
      mean: finite(v.mean),
      ci: pair(v.ci),
      max: finite(v.max),
      excess: { values: v.excess.values.map(finite), mean: finite(v.excess.mean), ci: pair(v.excess.ci) },
      observed: Number.isFinite(verdict.observed) ? verdict.observed : null,
      ...(verdict.observedNote ? { observedNote: verdict.observedNote } : {}),
      pass: verdict.pass,
      changed: [...v.changed],
      notes: detailNotes.slice(0, 5),
    }
  })
  const observed = variants.length === 0 || variants.some((v) => v.observed === null) ? null : Math.max(...variants.map((v) => v.observed as number))
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
    repeats: drift.repeats,
    tolerance,
    confidence: drift.confidence,
    pass: variants.length > 0 && variants.every((v) => v.pass),
    negated,
    observed,
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
