import { deriveSeed } from '../core/execute.ts'
import type { DeepPartial } from '../core/params.ts'
import { resolveParams } from '../core/params.ts'
import type { AnyPipeline, ParamsOf, StageNameOf } from '../core/pipeline.ts'
import type { StageCounts } from '../core/result.ts'
import { needsOf } from '../core/stage.ts'
import { runStageOnce, stageContextFactory } from '../core/run-stage.ts'
import { ButterflyError, OptionsError, StageError } from '../errors.ts'
import { DEFAULT_BENCH } from '../constants.ts'
import { resolveLlmOption } from '../run/llm-option.ts'
import { runOptionsOf } from '../run/options.ts'
import type { RunOptions } from '../run/run.ts'
import { run } from '../run/run.ts'
import { upstreamOf } from './upstream.ts'

/** Options of {@link benchStage}; every option of `run()` applies to the run that produces the stage's inputs. */
export interface BenchStageOptions<P extends AnyPipeline = AnyPipeline> extends Omit<RunOptions, 'sample' | 'transforms' | 'onEvent'> {
  /** Params overrides the stage (and the stages it reads) run with. @default {} */
  params?: DeepPartial<ParamsOf<P>>
  /** Sample index a stochastic stage sees (its `ctx.sample` and `ctx.seed`). @default 0 */
  sample?: number
  /** Minimum number of measured executions. @default 32 */
  iterations?: number
  /** Time budget of the measurement in ms; it runs until both this and `iterations` are reached. @default 500 */
  time?: number
  /** Run unmeasured executions first (JIT, lazy imports, model loading). @default true */
  warmup?: boolean
}

/** Latency statistics of one stage, in milliseconds (from tinybench). */
export interface LatencyStats {
  mean: number
  /** Median. */
  p50: number
  p75: number
  p99: number
  /** Standard deviation of the samples. */
  sd: number
  min: number
  max: number
  /** Relative margin of error of the mean (95%), in percent. */
  rme: number
}

interface BenchStageBase {
  pipeline: string
  stage: string
  /** The stage counts of the run that produced the inputs (its upstream stages only). */
  upstream: StageCounts
}

/**
 * The outcome of {@link benchStage}, tagged on `status`: `measured` with the
 * statistics and every sample, or `failed` when an upstream stage or the
 * stage itself failed (nothing measured).
 */
export type BenchStageResult =
  | (BenchStageBase & {
    status: 'measured'
    latency: LatencyStats
    /** Every measured latency in ms, sorted ascending (for {@link compareLatency}). */
    samples: number[]
    /** Model calls made over all measured and warm-up executions. */
    calls: number
  })
  | (BenchStageBase & { status: 'failed'; error: StageError })


/**
 * Measures how long one stage takes to execute, uncached: its inputs come
 * from a run of the stages it reads (served from the cache when they are
 * there), then the stage's `run` and output validation are executed
 * repeatedly with tinybench, each time with a fresh copy of the inputs and a
 * fresh context. Nothing is read from or written to the cache for the
 * measured stage. Model calls go through the run's `llm` option as in
 * `run()` (so recorded calls replay from their cassettes); pass `llm` to
 * measure live calls instead. Throws on misuse (unknown stage, bad
 * options); a failing stage is a `failed` result.
 *
 * @example
 * const r = await benchStage(pipeline, 'extract', { params: { extraction: { engine: 'mupdf' } } })
 * if (r.status === 'measured') console.log(r.latency.p50, r.latency.p99)
 */
export async function benchStage<P extends AnyPipeline>(
  pipeline: P,
  stageName: StageNameOf<P>,
  options: BenchStageOptions<P> = {},
): Promise<BenchStageResult> {
  const stage = pipeline.stages.find((s) => s.name === stageName)
  if (!stage) {
    throw new OptionsError(`pipeline "${pipeline.name}" has no stage "${String(stageName)}" (stages: ${pipeline.stages.map((s) => s.name).join(', ')})`, { component: 'bench' })
  }
  const iterations = options.iterations ?? DEFAULT_BENCH.iterations
  const time = options.time ?? DEFAULT_BENCH.timeMs
  if (!Number.isInteger(iterations) || iterations < 1) throw new OptionsError(`option "iterations" must be a positive integer, got ${String(iterations)}`, { component: 'bench' })
  if (!(time >= 0) || !Number.isFinite(time)) throw new OptionsError(`option "time" must be a finite number of ms >= 0, got ${String(time)}`, { component: 'bench' })

  const { params: overrides, warmup } = options
  const sample = options.sample ?? 0
  const runOptions = runOptionsOf(options)
  const upstreamPipeline: AnyPipeline = { ...pipeline, stages: upstreamOf(pipeline.stages, stage) }
  const base = { pipeline: pipeline.name, stage: stage.name }
  const inputs: Record<string, unknown> = {}
  const params = await resolveParams(pipeline, overrides ?? {})
  let upstream: StageCounts = { executed: 0, cached: 0, failed: 0, skipped: 0 }
  if (upstreamPipeline.stages.length > 0) {
    const result = await run(upstreamPipeline, (overrides ?? {}) as never, { ...runOptions, sample })
    upstream = result.counts
    if (result.status === 'failed') return { ...base, upstream, status: 'failed', error: result.error! }
    for (const [alias, dep] of needsOf(stage)) inputs[alias] = result.output(dep.name)
  }

  const seed = options.seed ?? 0
  const signal = options.signal ?? new AbortController().signal
  const llmFactory = resolveLlmOption(pipeline, options.llm)
  let calls = 0
  const makeCtx = stageContextFactory(stage, {
    pipeline: pipeline.name, sample, seed: deriveSeed(seed, sample), signal, llm: llmFactory,
    onUsage: () => void calls++, log: (message) => options.onLog?.(stage.name, message),
  })
  // Thrown inside the timed call, so that tinybench stops on a failure (throws: true).
  const execute = async (stageInputs: Record<string, unknown>): Promise<void> => {
    const ran = await runStageOnce(stage, params, stageInputs, makeCtx())
    if (ran.status === 'failed') throw ran.error
  }

  // One checked execution first: a failing stage is reported, not timed.
  try {
    await execute(structuredClone(inputs))
  } catch (error) {
    const stageError = error instanceof StageError ? error : new StageError(stage.name, `[bench] stage "${stage.name}" failed: ${(error as Error)?.message ?? String(error)}`, { cause: error })
    return { ...base, upstream, status: 'failed', error: stageError }
  }

  let fresh: Record<string, unknown> = structuredClone(inputs)
  // tinybench loads with the first measurement, not with the entry point.
  const { Bench } = await import('tinybench')
  const bench = new Bench({ iterations, time, warmup: warmup ?? true, retainSamples: true, throws: true, ...(options.signal ? { signal: options.signal } : {}) })
  // Each execution gets its own copy of the inputs (made outside the timed call), so a stage that mutates them cannot change later samples.
  bench.add(stage.name, () => execute(fresh), {
    async: true,
    beforeEach: () => void (fresh = structuredClone(inputs)),
  })
  await bench.run()
  const task = bench.tasks[0]!
  const result = task.result
  if (result.state !== 'completed') {
    throw new ButterflyError(`measuring stage "${stage.name}" ended in state "${result.state}"`, { component: 'bench' })
  }
  const l = result.latency
  return {
    ...base, upstream, status: 'measured', calls,
    latency: { mean: l.mean, p50: l.p50, p75: l.p75, p99: l.p99, sd: l.sd, min: l.min, max: l.max, rme: l.rme },
    samples: [...(l.samples ?? [])],
  }
}
