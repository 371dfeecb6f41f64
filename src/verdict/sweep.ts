import type { AnyPipeline, StageNameOf } from '../core/pipeline.ts'
import type { Metric } from '../metrics/metric.ts'
import type { SweepOptions, SweepResult as SweepRun } from '../perturbations/sweep.ts'
import { sweep as runSweep } from '../perturbations/sweep.ts'
import { keepChecked } from './checked.ts'
import { judgeStability } from './judge.ts'
import type { VerdictOptions } from './options.ts'
import { resolveVerdictOptions } from './options.ts'
import type { StabilityVerdict } from './types.ts'

/** The outcome of a sweep, with the verdict of a stability test on any of its stages. */
export interface SweepResult<P extends AnyPipeline = AnyPipeline> extends SweepRun<P> {
  /**
   * The verdict of a stability test on `stage` over this sweep's variants
   * and repeats, the same object as `checkStability` returns.
   * @example
   * const s = await sweep(pipeline, { perturbations: [perturb.jitter('generation.top_p', 0.05)], repeats: 20 })
   * s.verdict('select', metrics.top1({ select: 'ranking' }), { tolerance: 0.1 }).outcome
   */
  verdict(stage: StageNameOf<P>, metric: Metric<any> | undefined, options: VerdictOptions): StabilityVerdict
}

/** Adds `verdict()` to a sweep that ran. */
export function withVerdict<P extends AnyPipeline>(pipeline: P, run: SweepRun<P>): SweepResult<P> {
  return Object.assign(run, {
    verdict(stage: StageNameOf<P>, metric: Metric<any> | undefined, options: VerdictOptions): StabilityVerdict {
      const resolved = resolveVerdictOptions(options, 'sweep.verdict')
      const v = judgeStability(pipeline, run.variants, stage, metric, {
        tolerance: resolved.tolerance, alpha: resolved.alpha, seed: run.seed, ...(resolved.minEffect !== undefined ? { minEffect: resolved.minEffect } : {}),
      })
      v.notes.unshift(...resolved.notes)
      return keepChecked(v, { sweep: run, stage, metric, options: { onInconclusive: resolved.onInconclusive, vacuous: resolved.vacuous } })
    },
  })
}

/**
 * Runs the pipeline at its base params and under every perturbation, several
 * samples each, sharing every cached stage a variant does not touch. The
 * result measures drift (`drift()`) and tests it (`verdict()`).
 *
 * @example
 * const s = await sweep(pipeline, { perturbations: [perturb.jitter('generation.top_p', 0.05)], repeats: 6 })
 * s.drift('select', metrics.top1()).perVariant[0].mean
 * s.verdict('select', metrics.top1(), { tolerance: 0.1 }).outcome
 */
export async function sweep<P extends AnyPipeline>(pipeline: P, options: SweepOptions<P>): Promise<SweepResult<P>> {
  return withVerdict(pipeline, await runSweep(pipeline, options))
}
