import type { MatcherResult, MatcherState } from 'vitest'
import { attributeDrift } from '../baselines/attribute.ts'
import type { StageAttribution } from '../baselines/attribute.ts'
import { checkBaseline } from '../baselines/check.ts'
import { lineageOf } from '../baselines/lineage.ts'
import { resolveCache } from '../cache/resolve.ts'
import type { CacheStore } from '../core/cache-store.ts'
import type { LlmClientFactory } from '../core/llm.ts'
import { resolveLlmOption } from '../run/llm-option.ts'
import type { BaselineResult } from '../baselines/check.ts'
import { formatBaselineResult } from '../baselines/message.ts'
import { specKeyOf } from '../baselines/paths.ts'
import type { AnyPipeline } from '../core/pipeline.ts'
import type { CompletedStage, RunResult, StageResult } from '../core/result.ts'
import { OptionsError } from '../errors.ts'
import type { AttributionRecord, BaselineRecord, ExecutionRecord } from '../report/record.ts'
import { runOptionsOf } from '../run/options.ts'
import { run } from '../run/run.ts'
import type { MatchBaselineOptions } from './matcher-types.ts'
import { executionRecord } from './execution.ts'
import { isPipeline, isRunResult, isSweepResult } from './received.ts'
import { trackerFor, workerOptions } from './runtime.ts'
import { nextBaselineIndex, testPath } from './task-meta.ts'
import { requireTask, runMatcher, withWorkerCache } from './matcher-shell.ts'

const NAME = 'toMatchBaseline'

interface Taken {
  pipeline: string
  /** The pipeline object, when the matcher received it (attribution re-runs its stages). */
  definition?: AnyPipeline
  /** The cache and model client the runs used. */
  cache?: CacheStore
  llm?: LlmClientFactory
  params: unknown
  /** The runs compared with the baseline. */
  runs: RunResult[]
  /** What was received or run, and all of its runs (a sweep's every variant): what the record's execution counts. */
  source: object
  all: RunResult[]
}

async function takeRuns(received: unknown, options: MatchBaselineOptions): Promise<Taken> {
  if (isSweepResult(received)) {
    const base = received.variants[0]
    if (!base) throw new OptionsError(`[${NAME}] the sweep result has no base variant`)
    return { pipeline: received.pipeline, params: base.params, runs: base.runs, source: received, all: received.variants.flatMap((v) => v.runs) }
  }
  if (isRunResult(received)) return { pipeline: received.pipeline, params: received.params, runs: [received], source: received, all: [received] }
  if (!isPipeline(received)) {
    throw new OptionsError(`[${NAME}] expects a pipeline, a run result (run()) or a sweep result (sweep()), got ${received === null ? 'null' : typeof received}`)
  }
  const repeats = options.repeats ?? 1
  if (!Number.isInteger(repeats) || repeats < 1) throw new OptionsError(`[${NAME}] option "repeats" must be a positive integer, got ${String(repeats)}`)
  const withCache = withWorkerCache(runOptionsOf(options))
  const pipeline = received as AnyPipeline
  // Resolved once, so that the runs and an attribution afterwards share one store (and its in-flight work) and one client.
  const cache = resolveCache(withCache)
  const llm = resolveLlmOption(pipeline, withCache.llm)
  const runs = await Promise.all(Array.from({ length: repeats }, (_, sample) =>
    run(pipeline, (options.params ?? {}) as never, { ...withCache, cache, llm, sample })))
  return { pipeline: received.name, definition: pipeline, cache, llm, params: runs[0]!.params, runs, source: runs, all: runs }
}

/** Per stage, each run's output and the engine's content hash of it (so an unchanged output is recognised by its hash). */
function outputsOf(taken: Taken, stages: readonly string[]): { outputs: Record<string, unknown[]>; hashes: Record<string, string[]> } {
  const outputs: Record<string, unknown[]> = {}
  const hashes: Record<string, string[]> = {}
  for (const stage of stages) {
    const first = taken.runs[0]!
    if (!first.order.includes(stage)) {
      throw new OptionsError(`[${NAME}] pipeline "${taken.pipeline}" has no stage "${stage}" (stages: ${first.order.join(', ')})`)
    }
    // output() throws a StageError naming the stage and why it has no output.
    outputs[stage] = taken.runs.map((r) => r.output(stage))
    const known = taken.runs.map((r) => (r.stages as Record<string, StageResult>)[stage])
    if (known.every((s) => s?.status === 'executed' || s?.status === 'cached')) hashes[stage] = known.map((s) => (s as CompletedStage).hash)
  }
  return { outputs, hashes }
}

function toRecord(result: BaselineResult, pipeline: string, repeats: number, negated: boolean, execution: ExecutionRecord): BaselineRecord {
  return {
    kind: 'baseline',
    pipeline,
    file: result.relativeFile,
    status: result.status,
    written: result.written,
    pass: result.status === 'matched' || result.status === 'written' || result.status === 'updated',
    negated,
    repeats,
    stages: result.stages.map((s) => ({
      stage: s.stage, status: s.status, tolerance: s.tolerance, statistic: s.statistic, observed: s.observed,
      metric: { ...s.metric },
      drift: s.drift ? { values: [...s.drift.values], mean: s.drift.mean, ci: [s.drift.ci[0], s.drift.ci[1]], max: s.drift.max } : null,
      noiseFloor: s.noiseFloor ? { values: [...s.noiseFloor.values], mean: s.noiseFloor.mean, ci: [s.noiseFloor.ci[0], s.noiseFloor.ci[1]] } : null,
      changed: [...s.changed],
      ...(s.note !== undefined ? { note: s.note } : {}),
    })),
    execution,
    ...(result.attribution ? { attribution: result.attribution.stages.map(attributionRecord) } : {}),
  }
}

function attributionRecord(s: StageAttribution): AttributionRecord {
  if (s.status === 'not-attributable') return { stage: s.stage, status: s.status, reason: s.reason }
  return { stage: s.stage, status: s.status, metric: s.metric, tolerance: s.tolerance, statistic: s.statistic, own: s.own, total: s.total, executed: s.executed }
}

/**
 * The `toMatchBaseline` matcher (registered by `vitest-butterfly/setup`):
 * compares stage outputs with the test's reviewed baseline file, writing it
 * as Vitest's snapshot update state says, and attaches the record.
 */
export function toMatchBaseline(this: MatcherState, received: unknown, options: MatchBaselineOptions = {}): Promise<Awaited<MatcherResult>> {
  return runMatcher(this, NAME, received, async (call) => {
    const task = requireTask(call, NAME, 'its baseline file is named after the test')
    const settings = workerOptions()
    const specFile = specKeyOf(settings.specRoot, task.file.filepath)
    const test = testPath(task)
    const index = nextBaselineIndex(task)
    const tracker = trackerFor(specFile)
    // Claiming is idempotent for one test; knowing the file first keeps a corrupt one out of the obsolete list.
    call.file = tracker.claim(settings.snapshotDir, specFile, test, index)
    const taken = await takeRuns(received, options)
    const stages = options.stages ?? taken.runs[0]!.order
    const result = checkBaseline({
      snapshotDir: settings.snapshotDir,
      specFile,
      test,
      index,
      pipeline: taken.pipeline,
      params: taken.params,
      ...outputsOf(taken, stages),
      ...(options.metric !== undefined ? { metric: options.metric as never } : {}),
      ...(options.tolerance !== undefined ? { tolerance: options.tolerance as number | Record<string, number> } : {}),
      ...(options.statistic !== undefined ? { statistic: options.statistic } : {}),
      lineage: lineageOf(taken.runs),
      update: call.update,
      tracker,
    })
    const drifted = result.status === 'drifted' || (result.status === 'updated' && result.reason === 'drifted')
    if (drifted && taken.definition && taken.cache && taken.llm) {
      result.attribution = await attributeDrift({
        pipeline: taken.definition, result, runs: taken.runs, cache: taken.cache, llm: taken.llm,
        ...(options.metric !== undefined ? { metric: options.metric as never } : {}),
      })
    }
    const record = toRecord(result, taken.pipeline, taken.runs.length, call.negated, executionRecord(task, taken.source, taken.all))
    const message = formatBaselineResult(result)
    return { record, pass: record.pass, message, negatedMessage: `expected the outputs NOT to match the baseline, but: ${message}` }
  })
}
