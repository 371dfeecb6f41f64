import type { AnyPipeline } from '../core/pipeline.ts'
import type { CompletedStage } from '../core/result.ts'
import { needsOf } from '../core/stage.ts'
import type { Metric } from '../metrics/metric.ts'
import { compare, outputsOf } from '../perturbations/pairing.ts'
import { measurementsOf } from '../perturbations/measurements.ts'
import type { Variant } from '../perturbations/variant.ts'
import type { StabilityReference } from './types.ts'
import { isEmptyOutput } from './vacuous.ts'

/** The paired values one variant's test runs on. */
export interface PairedDesign {
  reference: StabilityReference
  /** Excess drift per independent unit: drift − reference. */
  values: number[]
  /** Paired drift, variant sample i vs base sample i (every sample). */
  drift: number[]
  /** Reference drift per block (base sample 2j+1 vs 2j); empty when the reference is 0. */
  noise: number[]
  /** Drift per block the test compares with `noise` (variant sample 2j vs base sample 2j+1); empty when the reference is 0. */
  cross: number[]
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
 * The reference of one variant, from the design (never from the drift
 * values): `deterministic` when every sample of `stage` is the same output on
 * each side and no stochastic stage feeds it, or every stochastic stage
 * upstream gave one output in all of at least 2 samples on each side (it
 * ignores its seed, e.g. a subsample stage asked for all items);
 * `shared-seeds` when every stochastic stage upstream has the same cache key
 * or the same output in variant sample i as in base sample i (the random
 * draws were reused, so without an effect nothing downstream changes);
 * else `independent-streams`.
 */
export function referenceOf(pipeline: AnyPipeline, base: Variant, variant: Variant, stage: string, baseOut: CompletedStage[], out: CompletedStage[]): StabilityReference {
  const stochastic = stochasticUpstream(pipeline, stage)
  const same = (xs: CompletedStage[]): boolean => xs.every((x) => x.hash === xs[0]!.hash)
  const field = (v: Variant, i: number, s: string, key: 'key' | 'hash'): string | undefined => {
    const r = v.runs[i]?.stages[s]
    return r && key in r ? (r as Record<typeof key, string>)[key] : undefined
  }
  const constant = (v: Variant, s: string): boolean => v.runs.every((_, i) => field(v, i, s, 'hash') !== undefined && field(v, i, s, 'hash') === field(v, 0, s, 'hash'))
  const outputsConstant = same(baseOut) && same(out)
  if (outputsConstant && stochastic.length === 0) return 'deterministic'
  if (outputsConstant && base.runs.length >= 2 && stochastic.every((s) => constant(base, s) && constant(variant, s))) return 'deterministic'
  if (stochastic.length === 0) return 'shared-seeds'
  // The draws were reused when sample i of every stochastic stage upstream is the same cache entry,
  // or the same output (a param the stage ignores changed its key but not what it drew).
  const same2 = (i: number, s: string, key: 'key' | 'hash'): boolean => {
    const k = field(base, i, s, key)
    return k !== undefined && k === field(variant, i, s, key)
  }
  const shared = stochastic.every((s) => base.runs.every((_, i) => same2(i, s, 'key') || same2(i, s, 'hash')))
  return shared ? 'shared-seeds' : 'independent-streams'
}

const isBinary = (xs: readonly number[]): boolean => xs.every((x) => x === 0 || x === 1)

/**
 * Pairs a variant with the base for the test. Shared seeds: one value per
 * sample, the drift itself. Independent streams: disjoint blocks j of base
 * samples 2j, 2j+1 and variant sample 2j, value D(b₂ⱼ₊₁, v₂ⱼ) − D(b₂ⱼ₊₁, b₂ⱼ).
 * Both terms compare samples drawn with different seeds, so a perturbation
 * that keeps part of the base's randomness (same seed, nearby top_p) cannot
 * make base and variant look closer than they are; without an effect, v₂ⱼ and
 * b₂ⱼ have one distribution and b₂ⱼ₊₁ is independent of both, so each value
 * has mean 0 (and is symmetric when the pair is exchangeable), and the blocks
 * are independent (unlike ring pairs (i, i+1), which share samples).
 */
export function pairVariant(pipeline: AnyPipeline, base: Variant, variant: Variant, stage: string, metric: Metric<any>): PairedDesign {
  const baseOut = outputsOf(base, stage)
  const out = outputsOf(variant, stage)
  const memo = measurementsOf(base)
  const drift = out.map((o, i) => compare(metric, baseOut[i]!, o, `variant "${variant.id}" sample ${i} of stage "${stage}"`, memo))
  const reference = referenceOf(pipeline, base, variant, stage, baseOut, out)
  const notes: string[] = []
  const empty = (o: CompletedStage): boolean => (metric.empty ? metric.empty(o.output) : isEmptyOutput(o.output))
  const vacuous = baseOut.every(empty) && out.every(empty)
  if (reference === 'deterministic') return { reference, values: drift.slice(0, 1), drift, noise: [], cross: [], binary: isBinary(drift), vacuous, notes }
  if (reference === 'shared-seeds') return { reference, values: drift, drift, noise: [], cross: [], binary: isBinary(drift), vacuous, notes }
  const blocks = Math.floor(drift.length / 2)
  if (drift.length % 2 === 1) notes.push(`independent streams compare blocks of 2 samples: sample ${drift.length - 1} of ${drift.length} was not used (use an even number of repeats)`)
  const noise = Array.from({ length: blocks }, (_, j) => compare(metric, baseOut[2 * j + 1]!, baseOut[2 * j]!, `base samples ${2 * j + 1} and ${2 * j} of stage "${stage}"`, memo))
  const cross = Array.from({ length: blocks }, (_, j) => compare(metric, baseOut[2 * j + 1]!, out[2 * j]!, `base sample ${2 * j + 1} and variant "${variant.id}" sample ${2 * j} of stage "${stage}"`, memo))
  return {
    reference,
    values: cross.map((d, j) => d - noise[j]!),
    drift,
    noise,
    cross,
    binary: isBinary(cross) && isBinary(noise),
    vacuous,
    notes,
  }
}
