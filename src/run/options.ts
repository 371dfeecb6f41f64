import type { CacheOptions } from '../cache/resolve.ts'
import { resolveCache } from '../cache/resolve.ts'
import type { ExecuteOptions, RunEvent } from '../core/execute.ts'
import type { LlmClientFactory } from '../core/llm.ts'
import type { AnyPipeline } from '../core/pipeline.ts'
import type { OutputTransform } from '../core/transform.ts'
import type { LlmOptions } from '../providers/client.ts'
import { stageFingerprint } from '../cache/fingerprint.ts'
import { moduleGraphHash } from '../cache/module-graph.ts'
import { resolveLlmOption } from './llm-option.ts'
import { resolveSelfCheck } from './self-check-option.ts'

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

/** {@link RunOptions} resolved once: a cache store, a model client factory, a warning sink; what the engine runs with. */
export type ResolvedRunOptions = ExecuteOptions & Required<Pick<ExecuteOptions, 'llm' | 'onWarning'>>

/**
 * Resolves the options of `run()` (and of each run of a sweep or a latency
 * benchmark) once: the cache options to a store, `llm` to a client factory,
 * warnings to `console.warn` unless given; the rest passes through as set.
 *
 * @example
 * const resolved = resolveRunOptions(pipeline, { cacheDir: '.butterfly/cache' })
 * await executePipeline(pipeline, params, { ...resolved, sample: 2 })
 */
export function resolveRunOptions(pipeline: AnyPipeline, options: RunOptions): ResolvedRunOptions {
  return {
    cache: resolveCache(options),
    fingerprint: stageFingerprint,
    moduleFingerprint: moduleGraphHash,
    selfCheck: resolveSelfCheck(options.selfCheck),
    llm: resolveLlmOption(pipeline, options.llm),
    onWarning: options.onWarning ?? ((message) => console.warn(message)),
    sample: options.sample,
    seed: options.seed,
    signal: options.signal,
    transforms: options.transforms,
    onEvent: options.onEvent,
    onLog: options.onLog,
  }
}

/**
 * The options of `run()` among a larger options object (a matcher's, a
 * benchmark's), picked by name: what each run of a matcher or benchmark runs with.
 *
 * @example
 * run(pipeline, params, { ...runOptionsOf(matcherOptions), sample })
 */
export function runOptionsOf(options: RunOptions): Omit<RunOptions, 'sample' | 'transforms'> {
  const picked: Omit<RunOptions, 'sample' | 'transforms'> = {}
  for (const key of RUN_OPTION_KEYS) if (options[key] !== undefined) (picked as Record<string, unknown>)[key] = options[key]
  return picked
}

const RUN_OPTION_KEYS = ['cache', 'cacheDir', 'onWarning', 'seed', 'signal', 'llm', 'onEvent', 'onLog', 'selfCheck'] as const satisfies readonly (keyof RunOptions)[]
