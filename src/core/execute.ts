import { OptionsError, StageError } from '../errors.ts'
import type { CacheStore } from './cache-store.ts'
import { hash32 } from './hash.ts'
import type { ChatRequest, CompletionRequest, CompletionResult, LlmClient, LlmClientFactory, Usage } from './llm.ts'
import type { AnyPipeline } from './pipeline.ts'
import { pipelineOrder } from './pipeline.ts'
import type { AnyStage } from './stage.ts'
import { needsOf } from './stage.ts'
import { addUsage, emptyUsage } from './result.ts'
import type { RunResult, StageCounts, StageResult, StageUsage } from './result.ts'
import { stageContextFactory } from './run-stage.ts'
import type { StageContext } from './context.ts'
import { computeStage, modelsIdentity } from './compute.ts'
import type { ComputeInput, StageFingerprint } from './compute.ts'
import type { OutputTransform } from './transform.ts'
import { applyTransform } from './transform.ts'
import { own } from './own.ts'
import { skipCause } from './root-cause.ts'

/** A progress event from a run. */
export interface RunEvent {
  type: 'stage'
  pipeline: string
  stage: string
  sample: number
  status: StageResult['status']
}

/** Options of the engine, resolved: a store is always given. */
export interface ExecuteOptions {
  cache: CacheStore
  /** @default 0 */
  sample?: number
  /** @default 0 */
  seed?: number
  signal?: AbortSignal
  /** Builds `ctx.llm` for a stage; defaults to calling the pipeline's providers directly. */
  llm?: LlmClientFactory
  /** Data perturbations applied to a stage's output before its dependents see it. */
  transforms?: Record<string, OutputTransform>
  onEvent?: (event: RunEvent) => void
  onLog?: (stage: string, message: string) => void
  onWarning?: (message: string) => void
  /** What stages depend on besides params and inputs (their code, their files); see {@link StageFingerprint}. */
  fingerprint?: StageFingerprint
  /** Share (0..1) of cache hits of deterministic stages executed again to check their keys. @default 0 */
  selfCheck?: number
  /**
   * Fingerprint of a module's code (its module graph), by which memoised
   * measurements and data perturbations are identified across runs.
   * @default none: they are memoised within the process only
   */
  moduleFingerprint?: (module: string) => string
}

/** Derives the seed a stochastic stage sees from the run's seed and the sample index. */
export function deriveSeed(seed: number, sample: number): number {
  const id = `${seed}:${sample}`
  let derived = derivedSeeds.get(id)
  if (derived === undefined) {
    // Every stage of every run derives it: a sweep of thousands of runs hashes each pair once.
    if (derivedSeeds.size >= 65536) derivedSeeds.clear()
    derivedSeeds.set(id, (derived = hash32('butterfly-seed', seed, sample)))
  }
  return derived
}

const derivedSeeds = new Map<string, number>()

/**
 * Everything one cached stage execution needs besides the stage: what
 * {@link computeStage} takes (its inputs are given, not looked up), with the
 * run's signal and model client in place of a ready context.
 */
export type StageInput = Omit<ComputeInput, 'pipeline' | 'makeCtx' | 'usage' | 'logs'> & {
  signal: AbortSignal
  llm: LlmClientFactory
  onLog?: ((stage: string, message: string) => void) | undefined
}

/**
 * Serves one stage of `pipeline` on the given inputs from the cache, or runs
 * it (`runStageOnce`) and stores it: what a run does for each stage, and what
 * attribution does to splice a stage's current code onto a baseline's
 * inputs. Never throws for a failing stage.
 */
export async function executeStage(pipeline: AnyPipeline, stage: AnyStage, input: StageInput): Promise<StageResult> {
  const logs: string[] = []
  const log = (message: string): void => {
    logs.push(message)
    input.onLog?.(stage.name, message)
  }
  const usage = emptyUsage()
  const onUsage = (u: Usage): void => void addUsage(usage, { calls: 1, ...u })
  // Built when the stage executes (a cached stage needs no context, nor the run's signal).
  let factory: (() => StageContext) | undefined
  const makeCtx = (): StageContext => (factory ??= stageContextFactory(stage, {
    pipeline: pipeline.name, sample: input.sample, seed: deriveSeed(input.seed, input.sample), signal: input.signal, llm: input.llm, onUsage, log,
  }))()
  // The signal, client and log sink are in the context; computeStage takes the rest.
  const { fingerprint, params, inputs, inputHashes, sample, seed, models, cache, onWarning, selfCheck } = input
  return computeStage(stage, { fingerprint, params, inputs, inputHashes, sample, seed, models, cache, onWarning, selfCheck, pipeline: pipeline.name, makeCtx, usage, logs })
}

/**
 * Runs every stage of `pipeline` once, concurrently where `needs` allow,
 * serving what it can from the cache. Never throws for a failing stage: the
 * failure is in the result, every completed stage stays cached.
 */
export async function executePipeline(pipeline: AnyPipeline, params: unknown, options: ExecuteOptions): Promise<RunResult> {
  const started = performance.now()
  const sample = options.sample ?? 0
  const seed = options.seed ?? 0
  if (!Number.isSafeInteger(sample) || sample < 0) {
    throw new OptionsError(`pipeline "${pipeline.name}": option "sample" must be a non-negative integer, got ${String(sample)}`)
  }
  if (!Number.isSafeInteger(seed)) throw new OptionsError(`pipeline "${pipeline.name}": option "seed" must be an integer, got ${String(seed)}`)
  // Made when a stage executes: a warm sweep of thousands of runs needs none.
  let controller: AbortController | undefined
  const signalOf = (): AbortSignal => options.signal ?? (controller ??= new AbortController()).signal
  const llmFactory = options.llm ?? directLlm(pipeline)
  const order = pipelineOrder(pipeline)
  const models = modelsIdentity(pipeline.models)
  const results = new Map<string, Promise<StageResult>>()

  const runOne = async (stage: AnyStage): Promise<StageResult> => {
    const inputs: Record<string, unknown> = {}
    const inputHashes: Record<string, string> = {}
    for (const [alias, dep] of needsOf(stage)) {
      const upstream = await results.get(dep.name)!
      if (upstream.status !== 'executed' && upstream.status !== 'cached') return { status: 'skipped', because: dep.name }
      // Read when the stage executes: a cached stage is keyed by the hashes alone, so a warm run parses no input.
      Object.defineProperty(inputs, alias, { enumerable: true, configurable: true, get: () => upstream.output })
      inputHashes[alias] = upstream.hash
    }
    let result = await executeStage(pipeline, stage, {
      params, inputs, inputHashes, sample, seed, models, cache: options.cache, get signal() { return signalOf() }, llm: llmFactory, onLog: options.onLog, onWarning: options.onWarning,
      fingerprint: options.fingerprint, selfCheck: options.selfCheck,
    })
    const transform = own(options.transforms, stage.name)
    if (transform && (result.status === 'executed' || result.status === 'cached')) {
      result = await applyTransform(stage, result, transform, { sample, seed: deriveSeed(seed, sample) }, {
        cache: options.cache, pipeline: pipeline.name, fingerprint: options.fingerprint, moduleFingerprint: options.moduleFingerprint, onWarning: options.onWarning,
      })
    }
    return result
  }

  for (const stage of order) {
    results.set(stage.name, (async (): Promise<StageResult> => {
      let result: StageResult
      try {
        result = await runOne(stage)
      } catch (cause) {
        // Whatever escapes (a throwing onLog, a broken transform) fails this stage only,
        // so that the run still settles every stage and leaves no rejection unhandled.
        const error = cause instanceof StageError && cause.stage === stage.name
          ? cause
          : new StageError(stage.name, `stage "${stage.name}" failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause })
        result = { status: 'failed', durationMs: 0, error, logs: [] }
      }
      try {
        options.onEvent?.({ type: 'stage', pipeline: pipeline.name, stage: stage.name, sample, status: result.status })
      } catch (cause) {
        options.onWarning?.(`[butterfly] onEvent threw for stage "${stage.name}": ${cause instanceof Error ? cause.message : String(cause)}`)
      }
      return result
    })())
  }

  const stages: Record<string, StageResult> = {}
  for (const stage of order) stages[stage.name] = await results.get(stage.name)!
  return buildResult(pipeline, params, sample, seed, order.map((s) => s.name), stages, performance.now() - started)
}

function buildResult(
  pipeline: AnyPipeline, params: unknown, sample: number, seed: number,
  order: string[], stages: Record<string, StageResult>, durationMs: number,
): RunResult {
  const counts: StageCounts = { executed: 0, cached: 0, failed: 0, skipped: 0 }
  const usage: StageUsage = emptyUsage()
  let error: StageError | undefined
  for (const name of order) {
    const r = own(stages, name)!
    counts[r.status]++
    if (r.status === 'executed') addUsage(usage, r.usage)
    if (r.status === 'failed') error ??= r.error
  }
  return {
    status: error ? 'failed' : 'passed',
    pipeline: pipeline.name, params, sample, seed, order, stages, counts, usage, durationMs,
    ...(error ? { error } : {}),
    output(name: string) {
      const r = own(stages, name)
      if (!r) throw new StageError(name, `pipeline "${pipeline.name}" has no stage "${name}" (stages: ${order.join(', ')})`)
      if (r.status === 'executed' || r.status === 'cached') return r.output
      // A skip names the stage that failed upstream and its error, not only the next stage up.
      const cause = r.status === 'failed' ? { text: '', error: r.error } : skipCause(stages, r.because)
      const why = r.status === 'failed' ? `failed: ${r.error.message}` : `was skipped because ${cause.text}`
      throw new StageError(name, `stage "${name}" has no output; it ${why}`, cause.error ? { cause: cause.error } : undefined)
    },
  } as RunResult
}

function directLlm(pipeline: AnyPipeline): LlmClientFactory {
  return (site, onUsage): LlmClient => {
    const provider = (model: string) => {
      const p = own(pipeline.models, model)
      if (!p) {
        throw new StageError(site.stage, `stage "${site.stage}" called model "${model}", which is not in pipeline "${pipeline.name}"'s models (${Object.keys(pipeline.models ?? {}).join(', ') || 'none'})`)
      }
      return p
    }
    const call = async <R extends CompletionRequest | ChatRequest>(kind: 'complete' | 'chat', request: R) => {
      const p = provider(request.model)
      const method = p[kind] as ((r: R, o: { signal: AbortSignal }) => Promise<CompletionResult>) | undefined
      if (!method) throw new StageError(site.stage, `model "${request.model}" (${p.kind}) has no ${kind}()`)
      const r = await method.call(p, request, { signal: site.signal })
      onUsage(r.usage)
      return r
    }
    return { complete: (request) => call('complete', request), chat: (request) => call('chat', request) }
  }
}
