import type { AnyPipeline } from '../core/pipeline.ts'
import type { CompletedStage } from '../core/result.ts'
import { needsOf } from '../core/stage.ts'
import type { Metric } from '../metrics/metric.ts'
import { compare, outputsOf } from '../perturbations/pairing.ts'
import type { Variant } from '../perturbations/sweep.ts'
import type { StabilityReference } from './types.ts'
import { isEmptyOutput } from './vacuous.ts'

/** The paired values one variant's test runs on. */
export interface PairedDesign {
  reference: StabilityReference
  /** Excess drift per independent unit: drift − reference. */
  values: number[]
  /** Paired drift, variant sample i vs base sample i (every sample). */
  drift: number[]
  /** Reference drift per unit (base sample 2j vs 2j+1); empty when the reference is 0. */
  noise: number[]
  /** Every drift and reference value is 0 or 1. */
  binary: boolean
  /** Every compared output was empty on both sides. */
  vacuous: boolean
  notes: string[]
}

/** The stochastic stages `stage` depends on, itself included. */
export function stochasticUpstream(pipeline: AnyPipeline, stage: string): string[] {
  const byName = new Map(pipeline.stages.map((s) => [s.name, s]))
  const seen = new Set<string>()
  const visit = (name: string): void => {
    if (seen.has(name)) return
    seen.add(name)
    const s = byName.get(name)
    if (s) for (const [, dep] of needsOf(s)) visit(dep.name)
  }
  visit(stage)
  return [...seen].filter((name) => byName.get(name)?.stochastic === true)
}

/**
 * The reference of one variant, from the design alone (never from the drift
 * values): deterministic when no stochastic stage feeds `stage` and every
 * sample of both sides is the same output; shared seeds when every
 * stochastic stage upstream has the same cache key in variant sample i as in
 * base sample i (the random draws were reused); else independent streams.
 */
export function referenceOf(pipeline: AnyPipeline, base: Variant, variant: Variant, stage: string, baseOut: CompletedStage[], out: CompletedStage[]): StabilityReference {
  const stochastic = stochasticUpstream(pipeline, stage)
  if (stochastic.length === 0) {
    const same = (xs: CompletedStage[]): boolean => xs.every((x) => x.hash === xs[0]!.hash)
    return same(baseOut) && same(out) ? 'deterministic' : 'shared-seeds'
  }
  const keyOf = (v: Variant, i: number, s: string): string | undefined => {
    const r = v.runs[i]?.stages[s]
    return r && 'key' in r ? r.key : undefined
  }
  const shared = stochastic.every((s) => base.runs.every((_, i) => {
    const k = keyOf(base, i, s)
    return k !== undefined && k === keyOf(variant, i, s)
  }))
  return shared ? 'shared-seeds' : 'independent-streams'
}

const isBinary = (xs: readonly number[]): boolean => xs.every((x) => x === 0 || x === 1)

/**
 * Pairs a variant with the base for the test. Shared seeds: one value per
 * sample, the drift itself. Independent streams: disjoint blocks j of base
 * samples 2j, 2j+1 and variant sample 2j, value D(b₂ⱼ, v₂ⱼ) − D(b₂ⱼ, b₂ⱼ₊₁);
 * under "no effect" the three samples are exchangeable, so swapping v₂ⱼ with
 * b₂ⱼ₊₁ flips the sign: each value is symmetric about 0 and the blocks are
 * independent (unlike ring pairs (i, i+1), which share samples).
 */
export function pairVariant(pipeline: AnyPipeline, base: Variant, variant: Variant, stage: string, metric: Metric<any>): PairedDesign {
  const baseOut = outputsOf(base, stage)
  const out = outputsOf(variant, stage)
  const drift = out.map((o, i) => compare(metric, baseOut[i]!, o, `variant "${variant.id}" sample ${i} of stage "${stage}"`))
  const reference = referenceOf(pipeline, base, variant, stage, baseOut, out)
  const notes: string[] = []
  const empty = (o: CompletedStage): boolean => (metric.empty ? metric.empty(o.output) : isEmptyOutput(o.output))
  const vacuous = baseOut.every(empty) && out.every(empty)
  if (reference === 'deterministic') return { reference, values: drift.slice(0, 1), drift, noise: [], binary: isBinary(drift), vacuous, notes }
  if (reference === 'shared-seeds') return { reference, values: drift, drift, noise: [], binary: isBinary(drift), vacuous, notes }
  const blocks = Math.floor(drift.length / 2)
  if (drift.length % 2 === 1) notes.push(`independent streams compare blocks of 2 samples: sample ${drift.length - 1} of ${drift.length} was not used (use an even number of repeats)`)
  const noise = Array.from({ length: blocks }, (_, j) => compare(metric, baseOut[2 * j]!, baseOut[2 * j + 1]!, `base samples ${2 * j} and ${2 * j + 1} of stage "${stage}"`))
  const cross = Array.from({ length: blocks }, (_, j) => drift[2 * j]!)
  return {
    reference,
    values: cross.map((d, j) => d - noise[j]!),
    drift,
    noise,
    binary: isBinary(cross) && isBinary(noise),
    vacuous,
    notes,
  }
}
