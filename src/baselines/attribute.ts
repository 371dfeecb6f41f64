import type { CacheStore } from '../core/cache-store.ts'
import { modelsIdentity, readStageOutput } from '../core/compute.ts'
import type { LlmClientFactory } from '../core/llm.ts'
import type { AnyPipeline } from '../core/pipeline.ts'
import { topologicalOrder } from '../core/pipeline.ts'
import type { RunResult } from '../core/result.ts'
import { resolveCache } from '../cache/resolve.ts'
import { executeStage } from '../core/execute.ts'
import { resolveLlmOption } from '../run/llm-option.ts'
import type { AnyStage } from '../core/stage.ts'
import { needsOf } from '../core/stage.ts'
import { inferMetric } from '../metrics/infer.ts'
import type { Metric } from '../metrics/metric.ts'
import type { BaselineResult } from './check.ts'
import type { BaselineLineage, BaselineStatistic } from './format.ts'

/**
 * How one stage took part in a baseline drift, tagged on `status`:
 * - `source`: its own change moved it: its current code on the baseline's
 *   inputs drifts beyond tolerance (`own`);
 * - `passed-on`: its output drifted beyond tolerance (`total`) only because
 *   its inputs did; on the baseline's inputs it stays within;
 * - `within`: neither drift is beyond tolerance;
 * - `not-attributable`: a baseline input or output is in no cache tier, the
 *   baseline recorded no lineage, or the spliced run failed (`reason`).
 */
export type StageAttribution =
  | (AttributedStage & { status: 'source' | 'passed-on' | 'within' })
  | { status: 'not-attributable'; stage: string; reason: string }

interface AttributedStage {
  stage: string
  metric: string
  tolerance: number
  statistic: BaselineStatistic
  /** The statistic of `ownValues`: the stage's current code on the baseline's inputs, against its baseline output. */
  own: number
  /** The statistic of `totalValues`: this run's output against the baseline output. */
  total: number
  ownValues: number[]
  totalValues: number[]
  /** Spliced samples executed now (0 when served from the cache, or when the inputs were the baseline's anyway). */
  executed: number
}

/** Where a baseline drift came from, per stage in pipeline order. */
export interface Attribution {
  stages: StageAttribution[]
  /** The first stage, in pipeline order, whose own change is beyond tolerance: where the change lives. */
  origin: string | undefined
  /** Stages whose drift is beyond tolerance only because their inputs drifted. */
  passedOn: string[]
}

/** Options of {@link attributeDrift}. */
export interface AttributeDriftOptions {
  pipeline: AnyPipeline
  /** The compared result of `checkBaseline` (its stages and the baseline's recorded lineage). */
  result: BaselineResult
  /** The current runs, one per sample in sample order, as compared. */
  runs: readonly RunResult[]
  /**
   * The cache the runs used: the baseline's outputs are read from it by their recorded keys.
   * @default the store `run()` uses by default (`$BUTTERFLY_CACHE_DIR`, else `.butterfly/cache`)
   */
  cache?: CacheStore
  /**
   * Builds `ctx.llm` for spliced stochastic stages: pass the client the runs
   * used (`toMatchBaseline` does), so cassettes and limits apply alike.
   * @default the client `run()` uses by default (cassettes in mode `auto` locally, `replay` in CI)
   */
  llm?: LlmClientFactory
  /** The metric of the checked stages, as given to the check. @default inferred from the baseline output (always, for stages the check did not name) */
  metric?: Metric<never> | Partial<Record<string, Metric<never>>>
  signal?: AbortSignal
  onWarning?: (message: string) => void
}

type Outputs = { output: unknown; hash: string }[]

// Drift values are sums of floating-point shares; a tolerance of 0.3 must accept 0.1 + 0.2.
const EPSILON = 1e-12

/**
 * Splices each drifted stage's current code onto the baseline's inputs to
 * tell the stage whose own change moved the result from the stages that only
 * passed the drift on. For every stage upstream of (or at) a checked stage
 * that exceeded its tolerance, in pipeline order and per sample: `total` is
 * the metric between the baseline output and this run's output, `own` the
 * metric between the baseline output and the stage's current code run on the
 * baseline's inputs (read from the cache by the keys the baseline recorded,
 * with the same sample and seed, through the cache, so a second check
 * executes nothing). A stage whose output and inputs both equal the
 * baseline's needs no splice: both drifts are 0.
 *
 * @example
 * const result = checkBaseline({ ...options, lineage })
 * if (result.status === 'drifted') {
 *   const a = await attributeDrift({ pipeline, result, runs, cache, llm })
 *   a.origin // 'facts': the change lives there; a.passedOn: ['benchmark']
 * }
 */
export async function attributeDrift(options: AttributeDriftOptions): Promise<Attribution> {
  const { pipeline, result, runs } = options
  const drifted = result.stages.filter((s) => s.status === 'exceeded').map((s) => s.stage)
  const order = topologicalOrder(pipeline.stages, pipeline.name)
  const relevant = upstreamOf(order, drifted)
  const stages = order.filter((s) => relevant.has(s.name))
  const lineage = result.lineage
  if (!lineage) {
    const reason = `${result.relativeFile} records no lineage (written by an older version); re-record it (delete the file and run again) to attribute drift`
    return summarise(stages.map((s) => ({ status: 'not-attributable', stage: s.name, reason })))
  }
  const checked = new Map(result.stages.map((s) => [s.stage, s]))
  const models = modelsIdentity(pipeline.models)
  const signal = options.signal ?? new AbortController().signal
  const llm = options.llm ?? resolveLlmOption(pipeline, undefined)
  const cache = options.cache ?? resolveCache({})
  const baselineOutputs = new Map<string, Outputs | string>()

  // The baseline's outputs of a stage, per sample: this run's output where the hash is the same, else the cache entry under the recorded key.
  const baselineOf = async (stage: AnyStage): Promise<Outputs | string> => {
    const known = baselineOutputs.get(stage.name)
    if (known) return known
    const record: BaselineLineage | undefined = Object.hasOwn(lineage, stage.name) ? lineage[stage.name] : undefined
    let found: Outputs | string
    if (!record || record.keys.length < runs.length) found = `the baseline's lineage has no record of stage "${stage.name}" for ${runs.length} sample(s)`
    else {
      const read = await Promise.all(runs.map(async (run, i) => {
        const current = completed(run, stage.name)
        if (current && current.hash === record.hashes[i]) return current
        const entry = await readStageOutput(stage, record.keys[i]!, cache, options.onWarning)
        return entry && entry.hash === record.hashes[i] ? entry : undefined
      }))
      const missing = read.findIndex((r) => r === undefined)
      found = missing >= 0 ? `inputs not cached: the baseline output of "${stage.name}" (sample ${missing}) is in no cache tier` : (read as Outputs)
    }
    baselineOutputs.set(stage.name, found)
    return found
  }

  const out: StageAttribution[] = []
  for (const stage of stages) {
    try {
      out.push(await attributeStage(stage))
    } catch (error) {
      // A metric that cannot compare the outputs (their shape changed) leaves the stage unattributed, never guessed.
      out.push({ status: 'not-attributable', stage: stage.name, reason: (error as Error).message })
    }
  }
  return summarise(out)

  async function attributeStage(stage: AnyStage): Promise<StageAttribution> {
    const current = runs.map((r) => completed(r, stage.name))
    const failedAt = current.findIndex((c) => c === undefined)
    if (failedAt >= 0) return { status: 'not-attributable', stage: stage.name, reason: `stage "${stage.name}" has no output in this run (sample ${failedAt})` }
    const mine = await baselineOf(stage)
    if (typeof mine === 'string') return { status: 'not-attributable', stage: stage.name, reason: mine }
    const inputs: [string, Outputs][] = []
    for (const [alias, dep] of needsOf(stage)) {
      const theirs = await baselineOf(dep)
      if (typeof theirs === 'string') return { status: 'not-attributable', stage: stage.name, reason: theirs }
      inputs.push([alias, theirs])
    }
    const check = checked.get(stage.name)
    // The check's metric for a checked stage; a stage the check did not name gets the one inferred from its output.
    const metric = (check ? metricFor(stage.name, options.metric) : undefined) ?? inferMetric(mine[0]!.output)
    let executed = 0
    const ownValues: number[] = []
    const totalValues: number[] = []
    for (const [i, run] of runs.entries()) {
      const now = current[i]!
      totalValues.push(measure(metric, mine[i]!, now))
      const sameInputs = needsOf(stage).every(([alias, dep]) => completed(run, dep.name)?.hash === inputs.find(([a]) => a === alias)![1][i]!.hash)
      if (sameInputs) {
        // On the baseline's own inputs the current code gave this run's output: nothing to splice.
        ownValues.push(totalValues[i]!)
        continue
      }
      const spliced = await executeStage(pipeline, stage, {
        params: run.params,
        inputs: Object.fromEntries(inputs.map(([alias, o]) => [alias, o[i]!.output])),
        inputHashes: Object.fromEntries(inputs.map(([alias, o]) => [alias, o[i]!.hash])),
        sample: run.sample, seed: run.seed, models, cache, signal, llm, onWarning: options.onWarning,
      })
      if (spliced.status !== 'executed' && spliced.status !== 'cached') {
        const why = spliced.status === 'failed' ? spliced.error.message : 'it was skipped'
        return { status: 'not-attributable', stage: stage.name, reason: `the current code of "${stage.name}" on the baseline's inputs failed (sample ${i}): ${why}` }
      }
      if (spliced.status === 'executed') executed++
      ownValues.push(measure(metric, mine[i]!, spliced))
    }
    const statistic = check?.statistic ?? 'max'
    const tolerance = check?.tolerance ?? 0
    const own = reduce(ownValues, statistic)
    const total = reduce(totalValues, statistic)
    const status = own > tolerance + EPSILON ? 'source' : total > tolerance + EPSILON ? 'passed-on' : 'within'
    return { status, stage: stage.name, metric: metric.name, tolerance, statistic, own, total, ownValues, totalValues, executed }
  }
}

function summarise(stages: StageAttribution[]): Attribution {
  return {
    stages,
    origin: stages.find((s) => s.status === 'source')?.stage,
    passedOn: stages.filter((s) => s.status === 'passed-on').map((s) => s.stage),
  }
}

/** The stages `names` depend on, directly or not, and `names` themselves. */
function upstreamOf(order: readonly AnyStage[], names: readonly string[]): Set<string> {
  const byName = new Map(order.map((s) => [s.name, s]))
  const seen = new Set<string>()
  const visit = (name: string): void => {
    if (seen.has(name)) return
    seen.add(name)
    for (const [, dep] of needsOf(byName.get(name)!)) visit(dep.name)
  }
  for (const name of names) if (byName.has(name)) visit(name)
  return seen
}

function completed(run: RunResult, stage: string): { output: unknown; hash: string } | undefined {
  const r = Object.hasOwn(run.stages, stage) ? run.stages[stage] : undefined
  return r && (r.status === 'executed' || r.status === 'cached') ? r : undefined
}

function metricFor(stage: string, option: AttributeDriftOptions['metric']): Metric<unknown> | undefined {
  if (option === undefined) return undefined
  if (typeof (option as Metric).compute === 'function') return option as Metric<unknown>
  const byStage = option as Partial<Record<string, Metric<never>>>
  return Object.hasOwn(byStage, stage) ? (byStage[stage] as Metric<unknown> | undefined) : undefined
}

function measure(metric: Metric<unknown>, a: { output: unknown; hash: string }, b: { output: unknown; hash: string }): number {
  return a.hash === b.hash ? 0 : metric.compute(a.output, b.output)
}

function reduce(values: readonly number[], statistic: BaselineStatistic): number {
  if (values.length === 0) return 0
  return statistic === 'max' ? Math.max(...values) : values.reduce((a, b) => a + b, 0) / values.length
}
