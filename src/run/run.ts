import type { CacheOptions } from '../cache/resolve.ts'
import { resolveCache } from '../cache/resolve.ts'
import { stageFingerprint } from '../cache/fingerprint.ts'
import { executePipeline } from '../core/execute.ts'
import type { RunEvent } from '../core/execute.ts'
import type { LlmClientFactory } from '../core/llm.ts'
import type { LlmOptions } from '../providers/client.ts'
import { resolveLlmOption } from './llm-option.ts'
import { resolveSelfCheck } from './self-check-option.ts'
import type { DeepPartial } from '../core/params.ts'
import { resolveParams } from '../core/params.ts'
import { requirePipeline } from '../core/pipeline.ts'
import type { AnyPipeline, ParamsOf, StageNameOf, StageOutputOf } from '../core/pipeline.ts'
import type { RunResult } from '../core/result.ts'
import type { OutputTransform } from '../core/transform.ts'

/** Options of {@link run}. */
export interface RunOptions extends CacheOptions {
  /**
   * Checks the cache keys: this share (0..1) of the cache hits of
   * deterministic stages is executed again, and a stage whose fresh output
   * differs from the cached one gets a warning naming it (its key misses
   * something it depends on). The cached output is still served. Costs the
   * re-executions; turn it on in a nightly job or after changing what stages
   * read, not on every run.
   * @default process.env.BUTTERFLY_SELF_CHECK ?? 0
   */
  selfCheck?: number
  /** Sample index (stochastic stages get a cache entry per sample). @default 0 */
  sample?: number
  /** The run's seed; stochastic stages see a seed derived from it and the sample. @default 0 */
  seed?: number
  /** Cancels the run: stages see it as `ctx.signal`. */
  signal?: AbortSignal
  /**
   * How `ctx.llm` calls models: options of the default client (cassette mode and directory, retries,
   * concurrency, sanitize, prices), or a factory that replaces it.
   * @default the providers' client in mode `auto` locally, `replay` in CI (see `createLlmClientFactory`)
   */
  llm?: LlmOptions | LlmClientFactory
  /** Data perturbations by stage name (see `perturb.data`). */
  transforms?: Record<string, OutputTransform>
  /** Progress: one event per stage as it completes. */
  onEvent?: (event: RunEvent) => void
  /** Lines stages write with `ctx.log`. @default discarded */
  onLog?: (stage: string, message: string) => void
}

/** The typed result of running pipeline `P`. */
export type PipelineRunResult<P> = RunResult<StageNameOf<P>, { [N in StageNameOf<P>]: StageOutputOf<P, N> }>

/**
 * Runs a pipeline once: resolves the params (defaults deep-merged with
 * `overrides`, validated before anything runs), then executes every stage not
 * already in the cache.
 *
 * @example
 * const result = await run(pipeline, { generation: { top_p: 0.95 } }, { cacheDir: '.butterfly/cache' })
 * result.stages.facts.status // 'executed' | 'cached' | 'failed' | 'skipped'
 * result.output('facts')
 */
export async function run<P extends AnyPipeline>(
  pipeline: P,
  overrides: DeepPartial<ParamsOf<P>> = {} as DeepPartial<ParamsOf<P>>,
  options: RunOptions = {},
): Promise<PipelineRunResult<P>> {
  requirePipeline('run()', pipeline)
  const params = await resolveParams(pipeline, overrides)
  const cache = resolveCache(options)
  const result = await executePipeline(pipeline, params, {
    cache,
    fingerprint: stageFingerprint,
    selfCheck: resolveSelfCheck(options.selfCheck),
    ...(options.sample !== undefined ? { sample: options.sample } : {}),
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    llm: resolveLlmOption(pipeline, options.llm),
    ...(options.transforms ? { transforms: options.transforms } : {}),
    ...(options.onEvent ? { onEvent: options.onEvent } : {}),
    ...(options.onLog ? { onLog: options.onLog } : {}),
    onWarning: options.onWarning ?? ((m) => console.warn(m)),
  })
  return result as PipelineRunResult<P>
}
