import pLimit from 'p-limit'
import { executePipeline } from '../core/execute.ts'
import { unwatchedSweep } from './unwatched.ts'
import type { DeepPartial } from '../core/params.ts'
import { resolveParams } from '../core/params.ts'
import type { AnyPipeline, ParamsOf, StageNameOf } from '../core/pipeline.ts'
import { requirePipeline } from '../core/pipeline.ts'
import type { StageCounts } from '../core/result.ts'
import { DEFAULT_SWEEP_CONCURRENCY, DEFAULT_SWEEP_REPEATS } from '../constants.ts'
import { PerturbationError } from '../errors.ts'
import type { RunOptions } from '../run/run.ts'
import { resolveRunOptions } from '../run/options.ts'
import type { DriftOptions, Drift } from './drift.ts'
import { measureDrift } from './drift.ts'
import { measureGain } from './gain.ts'
import { loadMeasurements } from './measurements.ts'
import type { GainOptions, StageGain } from './gain.ts'
import type { Metric } from '../metrics/metric.ts'
import type { Perturbation, VariantSpec } from './perturbation.ts'
import type { Variant } from './variant.ts'

export type { Variant } from './variant.ts'

/** Options of {@link sweep}; every option of `run()` applies to each run. */
export interface SweepOptions<P extends AnyPipeline = AnyPipeline> extends Omit<RunOptions, 'sample' | 'transforms'> {
  /** Base overrides of the params. @default {} */
  params?: DeepPartial<ParamsOf<P>>
  /** One or several perturbations; each point of each is a variant. */
  perturbations: Perturbation | Perturbation[]
  /** Samples per variant (sample indices 0..repeats-1). At least 2 to measure a noise floor. @default 3 */
  repeats?: number
  /** Runs in flight at once (stages shared between them run once). @default 4 */
  concurrency?: number
  /** Confidence-interval settings for drift. @default { resamples: 2000, confidence: 0.95 } */
  bootstrap?: { resamples?: number; confidence?: number }
  /** Progress, one event per stage of every run. */
  onProgress?: (event: SweepProgress) => void
}

/** A progress event of a sweep. */
export interface SweepProgress {
  /** Index of the variant (0 = base). */
  variant: number
  of: number
  label: string
  sample: number
  stage: string
  status: 'executed' | 'cached' | 'failed' | 'skipped'
  /** Pipeline runs finished so far, of `total` (variants × repeats). */
  runs: { done: number; total: number }
  /** Model calls of the runs finished so far. */
  modelCalls: number
}

/** The outcome of a sweep. */
export interface SweepResult<P extends AnyPipeline = AnyPipeline> {
  pipeline: string
  /** The perturbations, as described in reports. */
  perturbations: string[]
  /** Points dropped while expanding (e.g. outside the schema bounds). */
  notes: string[]
  repeats: number
  seed: number
  /** Base first, then one per perturbed point. */
  variants: Variant[]
  /** Stage counts over every run of the sweep. */
  stats: StageCounts
  durationMs: number
  /**
   * Drift of one stage, per variant against the base (paired by sample), with
   * the noise floor between base samples and the ripple across stages.
   * @default metric inferred from the stage's output
   */
  drift(stage: StageNameOf<P>, metric?: Metric<any>, options?: DriftOptions): Drift
  /**
   * Every stage's amplification of each variant's perturbation: its output
   * drift against the drift of its inputs on the same sample pairs, with an
   * interval (see `measureGain`), in pipeline order per variant.
   */
  gain(options?: GainOptions): StageGain[]
}

/**
 * Runs the pipeline at its base params and under every perturbation, several
 * samples each, sharing every cached stage a variant does not touch.
 *
 * @example
 * const s = await sweep(pipeline, { perturbations: [perturb.jitter('generation.top_p', 0.05)], repeats: 5 })
 * const d = s.drift('select', metrics.top1())
 * d.perVariant[0].mean; d.noiseFloor.ci; d.ripple
 */
export async function sweep<P extends AnyPipeline>(pipeline: P, options: SweepOptions<P>): Promise<SweepResult<P>> {
  // A sweep nobody follows shows its progress where the Vitest layer says (a long one only).
  const watch = options.onProgress ? undefined : unwatchedSweep(`sweep of "${String((pipeline as { name?: unknown } | undefined)?.name)}"`)
  if (!watch) return sweepOnce(pipeline, options)
  try {
    return await sweepOnce(pipeline, { ...options, onProgress: watch.update })
  } finally {
    watch.done()
  }
}

async function sweepOnce<P extends AnyPipeline>(pipeline: P, options: SweepOptions<P>): Promise<SweepResult<P>> {
  const started = performance.now()
  requirePipeline('sweep()', pipeline)
  const repeats = options.repeats ?? DEFAULT_SWEEP_REPEATS
  if (!Number.isInteger(repeats) || repeats < 1) throw new PerturbationError(`repeats must be a positive integer, got ${String(repeats)}`, { component: 'sweep' })
  const perturbations = Array.isArray(options.perturbations) ? options.perturbations : [options.perturbations]
  if (perturbations.length === 0) throw new PerturbationError('give at least one perturbation', { component: 'sweep' })
  const base = await resolveParams(pipeline, options.params ?? {})
  const specs: VariantSpec[] = [{ id: 'base', label: 'base', apply: (p) => p }]
  const notes: string[] = []
  for (const perturbation of perturbations) {
    const expansion = await perturbation.expand({ pipeline, base })
    notes.push(...expansion.notes)
    specs.push(...expansion.variants)
  }
  const duplicate = specs.find((s, i) => specs.findIndex((t) => t.id === s.id) !== i)
  if (duplicate) throw new PerturbationError(`two perturbations produce the same variant "${duplicate.id}"`, { component: 'sweep' })

  const seed = options.seed ?? 0
  // Resolved once for every run of the sweep: one store and one model client shared by all of them.
  const resolved = resolveRunOptions(pipeline, { ...options, seed })
  const limit = pLimit(Math.max(1, options.concurrency ?? DEFAULT_SWEEP_CONCURRENCY))
  const runs = { done: 0, total: specs.length * repeats }
  let modelCalls = 0
  const variants: Variant[] = await Promise.all(specs.map(async (spec, v) => {
    const params = await resolveParams(pipeline, spec.apply(structuredClone(base)))
    const done = await Promise.all(Array.from({ length: repeats }, (_, sample) => limit(() => executePipeline(pipeline, params, {
      ...resolved, sample, transforms: spec.transforms,
      onEvent: (event) => {
        options.onEvent?.(event)
        options.onProgress?.({ variant: v, of: specs.length, label: spec.label, sample, stage: event.stage, status: event.status, runs: { ...runs }, modelCalls })
      },
    }).then((result) => {
      runs.done++
      modelCalls += result.usage.calls
      return result
    }))))
    return { id: spec.id, label: spec.label, params, base: v === 0, runs: done }
  }))

  // One read for every measurement this sweep's runs were measured with before.
  await loadMeasurements(variants, { cache: resolved.cache, pipeline: pipeline.name, fingerprint: resolved.moduleFingerprint, onWarning: resolved.onWarning })

  const stats: StageCounts = { executed: 0, cached: 0, failed: 0, skipped: 0 }
  for (const variant of variants) for (const r of variant.runs) for (const key of Object.keys(stats) as (keyof StageCounts)[]) stats[key] += r.counts[key]

  // Keyed by the metric object: two metrics may share a name with different options.
  const memo = new Map<Metric<any> | undefined, Map<string, Drift>>()
  return {
    pipeline: pipeline.name,
    perturbations: perturbations.map((p) => p.describe),
    notes, repeats, seed, variants, stats,
    durationMs: performance.now() - started,
    drift(stage, metric, driftOptions) {
      const key = `${stage}\u0000${JSON.stringify(driftOptions ?? {})}`
      let byMetric = memo.get(metric)
      if (!byMetric) memo.set(metric, (byMetric = new Map()))
      let d = byMetric.get(key)
      if (!d) {
        d = measureDrift(pipeline, variants, stage, metric, { seed, ...options.bootstrap, ...driftOptions })
        byMetric.set(key, d)
      }
      return d
    },
    gain(gainOptions) {
      return measureGain(pipeline, variants, { seed, ...gainOptions })
    },
  }
}
