import type { AnyPipeline, StageNameOf } from '../core/pipeline.ts'
import { OptionsError } from '../errors.ts'
import type { Metric } from '../metrics/metric.ts'
import type { Perturbation } from '../perturbations/perturbation.ts'
import type { SweepOptions, SweepResult } from '../perturbations/sweep.ts'
import { sweep as runSweep } from '../perturbations/sweep.ts'
import { judgeStability } from './judge.ts'
import { measuredNoise, memoMetricName, noiseMemoKey, noiseMemoPlace } from './noise-memo.ts'
import { createPowerWarning } from './power-warning.ts'
import type { RepeatsOption, ResolvedVerdictOptions, VerdictOptions } from './options.ts'
import { keepChecked } from './checked.ts'
import { resolveRepeats, resolveVerdictOptions } from './options.ts'
import type { LookLevels } from './sequential-run.ts'
import { runLooks } from './sequential-run.ts'
import type { StabilityVerdict } from './types.ts'

/** Options of {@link checkStability}: the stage and metric, the verdict options, and every option of `sweep()`. */
export type CheckStabilityOptions<P extends AnyPipeline = AnyPipeline> = VerdictOptions & Omit<SweepOptions<P>, 'perturbations' | 'repeats'> & {
  /** The stage whose output must stay stable. */
  stage: StageNameOf<P>
  /** How drift is measured. @default inferred from the stage's output */
  metric?: Metric<any>
  /**
   * Samples per variant, or `{ min, max }` for sequential repeats: start
   * with `min`, add ⌈min/4⌉ at a time until the outcome is decided or `max`
   * is reached, with the error rates of a group-sequential design
   * (docs/statistics.md#sequential-repeats). Cached samples are free.
   * @default 3
   */
  repeats?: RepeatsOption
}

/** Runs one sweep with the given repeats; the matcher passes one that shares sweeps between assertions. */
export type SweepRunner = (pipeline: AnyPipeline, perturbations: readonly Perturbation[], options: Omit<SweepOptions, 'perturbations'>) => Promise<SweepResult>

/** A verdict with the last sweep it was judged on and the verdict options it was judged with. */
export interface StabilityCheck {
  verdict: StabilityVerdict
  sweep: SweepResult
  resolved: ResolvedVerdictOptions
}

const defaultRunner: SweepRunner = (pipeline, perturbations, options) => runSweep(pipeline, { ...options, perturbations: [...perturbations] })

/**
 * Runs the sweep(s) and judges them; internal form of {@link checkStability}
 * that also returns the sweep (the matcher reports its runs and ripple).
 */
export async function runStabilityCheck(
  pipeline: AnyPipeline, perturbations: readonly Perturbation[], options: CheckStabilityOptions, where: string, runner: SweepRunner = defaultRunner,
): Promise<StabilityCheck> {
  const resolved = resolveVerdictOptions(options, where)
  const { min, max } = resolveRepeats(options.repeats, where)
  const {
    stage, metric, tolerance: _t, alpha: _a, onInconclusive: _o, vacuous: _v, minEffect: _m, confidence: _c, excess: _e, statistic: _s, repeats: _r,
    ...sweepOptions
  } = options
  if (typeof stage !== 'string') throw new OptionsError(`[${where}] option "stage" must name a stage of the pipeline`)
  // A misspelt stage is misuse: say so before the sweep spends its time.
  const stages = pipeline.stages.map((s) => s.name)
  if (!stages.includes(stage)) throw new OptionsError(`[${where}] option "stage": pipeline "${pipeline.name}" has no stage "${stage}" (stages: ${stages.join(', ')})`)
  const seed = options.seed ?? 0
  const judge = (s: SweepResult, levels: LookLevels): StabilityVerdict => judgeStability(pipeline, s.variants, stage, metric, {
    tolerance: resolved.tolerance, alpha: levels.alpha, seed,
    ...(resolved.minEffect !== undefined ? { minEffect: resolved.minEffect } : {}),
    ...(levels.futility ? { futility: levels.futility } : {}),
    ...(levels.plan ? { plan: levels.plan } : {}),
  })
  // The power warning goes out before running when the last check of this assertion left its measured
  // noise beside the cache (a forecast: the pipeline may have changed), else after the first batch.
  const power = createPowerWarning({
    where, pipeline: pipeline.name, stage, onWarning: options.onWarning, resolved, max,
    place: noiseMemoPlace(sweepOptions),
    key: noiseMemoKey(pipeline.name, stage, memoMetricName(metric), perturbations.map((p) => p.describe), { params: sweepOptions.params, seed }),
    noiseOf: (v) => v.variants.flatMap((x) => measuredNoise(x) ?? []),
  })
  await power.before()
  if (min === max) {
    const s = await runner(pipeline, perturbations, { ...sweepOptions, repeats: min })
    const verdict = judge(s, { alpha: resolved.alpha })
    verdict.notes.unshift(...resolved.notes)
    power.after(verdict, min)
    await power.remember(verdict)
    return { verdict, sweep: s, resolved }
  }
  const { verdict, extra: sweep } = await runLooks(min, max, resolved, async (repeats, levels) => {
    const s = await runner(pipeline, perturbations, { ...sweepOptions, repeats })
    const v = judge(s, levels)
    power.after(v, max)
    return { verdict: v, extra: s }
  })
  await power.remember(verdict)
  return { verdict, sweep, resolved }
}

/**
 * Tests whether a stage of a pipeline is stable under perturbations: runs
 * the sweep (every option of `sweep()` applies) and returns a verdict with a
 * declared α: `stable`, `unstable`, `inconclusive` or `vacuous`, the p-value
 * (Holm-adjusted across the variants), the excess drift with its bounds,
 * the reference chosen from how samples were paired, and per-variant figures.
 * `toBeStableUnder` is built on it. See docs/statistics.md.
 *
 * @example
 * const v = await checkStability(pipeline, perturb.jitter('generation.top_p', 0.05), {
 *   stage: 'select', metric: metrics.top1({ select: 'ranking' }), tolerance: 0.1, repeats: { min: 10, max: 80 },
 * })
 * v.outcome // 'stable' | 'unstable' | 'inconclusive' | 'vacuous'
 * v.pValue; v.effect.upper; v.reference
 */
export async function checkStability<P extends AnyPipeline>(pipeline: P, perturbations: Perturbation | readonly Perturbation[], options: CheckStabilityOptions<P>): Promise<StabilityVerdict> {
  const list = Array.isArray(perturbations) ? perturbations : [perturbations as Perturbation]
  const { verdict, sweep, resolved } = await runStabilityCheck(pipeline, list, options as CheckStabilityOptions, 'checkStability')
  return keepChecked(verdict, { sweep, stage: options.stage, metric: options.metric, options: { onInconclusive: resolved.onInconclusive, vacuous: resolved.vacuous } })
}
