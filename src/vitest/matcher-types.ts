import type { BenchStageOptions } from '../latency/bench-stage.ts'
import type { CompareLatencyOptions } from '../latency/compare-latency.ts'
import type { DeepPartial } from '../core/params.ts'
import type { AnyPipeline, ParamsOf, StageNameOf } from '../core/pipeline.ts'
import type { RunResult } from '../core/result.ts'
import type { Metric } from '../metrics/metric.ts'
import type { Perturbation } from '../perturbations/perturbation.ts'
import type { SweepOptions, SweepResult } from '../perturbations/sweep.ts'
import type { RunOptions } from '../run/run.ts'
import type { RepeatsOption, VerdictOptions } from '../verdict/options.ts'

/** The stage names of what an assertion received: a pipeline, a sweep result or a run result. */
export type StageOf<T> = T extends AnyPipeline
  ? StageNameOf<T>
  : T extends { drift(stage: infer S, ...rest: never[]): unknown }
    ? S & string
    : T extends RunResult<infer N>
      ? N
      : string

/** The pipeline type behind what an assertion received (any pipeline when it is a result). */
export type PipelineOf<T> = T extends AnyPipeline ? T : AnyPipeline

/**
 * Options of `toBeStableUnder`: which stage and metric, the test (tolerance
 * as excess drift beyond the noise, `alpha`, `onInconclusive`, `vacuous`,
 * `minEffect`), and (when the assertion receives a pipeline) every option of
 * `sweep()`, with `repeats` a number or `{ min, max }` for sequential repeats.
 *
 * @example
 * await expect(pipeline).toBeStableUnder(perturb.jitter('generation.top_p', 0.05), {
 *   stage: 'select', metric: metrics.top1({ select: 'ranking' }), tolerance: 0.1, repeats: { min: 10, max: 80 },
 * })
 */
export type StableUnderOptions<T = AnyPipeline> = VerdictOptions & {
  /** The stage whose output must stay stable. */
  stage: StageOf<T>
  /** How drift is measured. @default inferred from the stage's output */
  metric?: Metric<any>
  /** Samples per variant, or `{ min, max }` for sequential repeats (docs/statistics.md). @default 3 */
  repeats?: RepeatsOption
} & Omit<SweepOptions<PipelineOf<T>>, 'perturbations' | 'repeats'>

/**
 * Options of `toBeReproducible`: which stage and metric, the tolerance on the
 * drift between identical runs, the verdict options, and how to run the
 * pipeline (every option of `run()`, `params`, `repeats`).
 *
 * @example
 * await expect(pipeline).toBeReproducible({ stage: 'select', metric: metrics.top1(), tolerance: 0.2, repeats: 40 })
 */
export type ReproducibleOptions<T = AnyPipeline> = VerdictOptions & {
  /** The stage whose output must be the same across identical runs. */
  stage: StageOf<T>
  /** How two runs' outputs differ. @default inferred from the stage's output */
  metric?: Metric<any>
  /** Identical runs, compared in disjoint pairs, or `{ min, max }` for sequential repeats. @default 10 */
  repeats?: RepeatsOption
  /** Params overrides of the runs. @default {} */
  params?: DeepPartial<ParamsOf<PipelineOf<T>>>
} & Omit<RunOptions, 'sample' | 'transforms' | 'onEvent'> & { concurrency?: number }

/**
 * Options of `toMatchBaseline`: which stages are compared with their
 * reviewed baseline under `snapshots/`, and how much drift is accepted.
 *
 * @example
 * await expect(pipeline).toMatchBaseline({ stages: ['facts', 'select'], tolerance: { facts: 0.02, select: 0 } })
 */
export interface MatchBaselineOptions<T = AnyPipeline> extends Omit<RunOptions, 'sample' | 'transforms'> {
  /** Stages to keep baselines of. @default every stage, in pipeline order */
  stages?: readonly StageOf<T>[]
  /** Acceptable drift, for every stage or per stage (stages a record leaves out get 0). @default 0 */
  tolerance?: number | { readonly [S in StageOf<T>]?: number }
  /** How drift is measured, for every stage or per stage. @default inferred from each stage's output */
  metric?: Metric<any> | { readonly [S in StageOf<T>]?: Metric<any> }
  /** `'max'`: every paired drift value ≤ tolerance; `'mean'`: the mean. @default 'max' */
  statistic?: 'max' | 'mean'
  /** Samples taken when the assertion runs the pipeline (one output per sample in the baseline). @default 1 */
  repeats?: number
  /** Params overrides when the assertion runs the pipeline. @default {} */
  params?: DeepPartial<ParamsOf<PipelineOf<T>>>
}

/**
 * Options of `toStayWithinLatency`: the bound (`maxSlowdown`), how the ratio
 * is judged, and every option of `benchStage()` (params, iterations, time).
 *
 * @example
 * await expect(pipeline).toStayWithinLatency('extract', { maxSlowdown: 0.2, params: { extraction: { engine: 'mupdf' } } })
 */
export type StayWithinLatencyOptions<T = AnyPipeline> = BenchStageOptions<PipelineOf<T>> & Pick<CompareLatencyOptions, 'maxSlowdown' | 'statistic' | 'confidence'>

/** `toBeStableUnder`: with perturbations for a pipeline; a sweep result may leave them out. */
export type ToBeStableUnder<T> = T extends { drift: unknown; variants: unknown }
  ? {
      (perturbations: Perturbation | readonly Perturbation[], options: StableUnderOptions<T>): Promise<void>
      (options: StableUnderOptions<T>): Promise<void>
    }
  : (perturbations: Perturbation | readonly Perturbation[], options: StableUnderOptions<T>) => Promise<void>

/** The butterfly matchers, added to Vitest's `expect` by `vitest-butterfly/setup` (the plugin adds it). */
export interface ButterflyMatchers<T = unknown> {
  /**
   * Tests that a stage's excess drift under the perturbation(s) (drift
   * beyond the pipeline's own noise) is within `tolerance` at level `alpha`
   * (`checkStability`): fails on `unstable`; `inconclusive` passes unless
   * `onInconclusive: 'fail'`; `.not` asserts `unstable`. Runs the sweep when
   * given a pipeline; accepts an existing {@link SweepResult}. Async: `await` it.
   *
   * @example
   * await expect(pipeline).toBeStableUnder(perturb.swap('extraction.engine', 'b'), {
   *   stage: 'facts', metric: metrics.setShift({ key: 'id' }), tolerance: 0.02,
   * })
   */
  toBeStableUnder: ToBeStableUnder<T>
  /**
   * Asserts that stage outputs match their reviewed baseline under
   * `snapshots/` within tolerance. A missing baseline is written (fails in
   * CI), `-u` rewrites one that drifted. Accepts a pipeline (runs it), a
   * run result or a sweep result (its base runs). Async: `await` it.
   *
   * @example
   * await expect(pipeline).toMatchBaseline({ stages: ['facts', 'select'], tolerance: { facts: 0.02, select: 0 } })
   */
  toMatchBaseline(options?: MatchBaselineOptions<T>): Promise<void>
  /**
   * Tests that a stage gives the same result across identical runs, within
   * `tolerance` at level `alpha` (`checkReproducibility`): runs the pipeline
   * `repeats` times with nothing changed and tests the drift between
   * disjoint pairs of runs (the pipeline's own noise floor). Same outcomes
   * as `toBeStableUnder`: fails on `unstable`; `.not` asserts `unstable`.
   * Receives a pipeline. Async: `await` it.
   *
   * @example
   * // the winner of two identical runs differs in at most 20 % of pairs
   * await expect(pipeline).toBeReproducible({ stage: 'select', metric: metrics.top1(), tolerance: 0.2, repeats: 40 })
   */
  toBeReproducible(options: ReproducibleOptions<T>): Promise<void>
  /**
   * Asserts that a stage got at most `maxSlowdown` slower than its latency
   * baseline under `snapshots/` (`<spec>/<test>.latency`), beyond the
   * measurement noise: measures it with `benchStage` and fails only when
   * the whole bootstrap interval of the ratio exceeds the limit. A missing
   * baseline is written (fails in CI), `-u` rewrites a regressed one.
   * Receives a pipeline. Async: `await` it.
   *
   * @example
   * await expect(pipeline).toStayWithinLatency('extract', { maxSlowdown: 0.2, params: { extraction: { engine: 'mupdf' } } })
   */
  toStayWithinLatency(stage: StageOf<T>, options?: StayWithinLatencyOptions<T>): Promise<void>
}

declare module 'vitest' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Matchers<T = any> extends ButterflyMatchers<T> {}
}

/** What the stability matcher accepts besides a pipeline. */
export type StabilityReceived = AnyPipeline | SweepResult
