import type { MatcherResult, MatcherState } from 'vitest'
import type { AnyPipeline } from '../core/pipeline.ts'
import { ButterflyError } from '../errors.ts'
import type { Perturbation } from '../perturbations/perturbation.ts'
import type { SweepResult } from '../perturbations/sweep.ts'
import type { StabilityRecord } from '../report/record.ts'
import { stabilityMessage } from '../report/stability-message.ts'
import type { StableUnderOptions } from './matcher-types.ts'
import { executionRecord } from './execution.ts'
import { isPipeline, isSweepResult } from './received.ts'
import { sharedSweep, withWorkerCache } from './runtime.ts'
import { stabilityRecord } from './stability-record.ts'
import { attachRecord, currentTest } from './task-meta.ts'
import { resolveTolerance } from './tolerance.ts'
import { guardAwaited } from './await-guard.ts'

const NAME = 'toBeStableUnder'
const isPerturbation = (x: unknown): x is Perturbation =>
  typeof x === 'object' && x !== null && typeof (x as Perturbation).expand === 'function' && typeof (x as Perturbation).describe === 'string'

function splitArgs(args: unknown[]): { perturbations: Perturbation[] | undefined; options: StableUnderOptions } {
  const [first, second] = args
  if (args.length === 1 && !isPerturbation(first) && !Array.isArray(first)) return { perturbations: undefined, options: first as StableUnderOptions }
  const list = Array.isArray(first) ? first : [first]
  const bad = list.findIndex((p) => !isPerturbation(p))
  if (bad >= 0) throw new ButterflyError(`[butterfly] [${NAME}] the first argument must be a perturbation or an array of them (perturb.jitter, perturb.swap, ...); item ${bad} is not`)
  return { perturbations: list as Perturbation[], options: second as StableUnderOptions }
}

// Options that only make sense when the matcher runs the sweep itself.
const SWEEP_ONLY = ['params', 'repeats', 'seed', 'cacheDir', 'cache', 'concurrency', 'llm'] as const

async function obtainSweep(received: unknown, perturbations: Perturbation[] | undefined, options: StableUnderOptions): Promise<SweepResult> {
  if (isSweepResult(received)) {
    const given = SWEEP_ONLY.filter((k) => options[k] !== undefined && !(k === 'repeats' && options.repeats === received.repeats))
    if (given.length > 0) {
      throw new ButterflyError(`[butterfly] [${NAME}] received a sweep result that already ran; option(s) ${given.map((k) => `"${k}"`).join(', ')} would not apply (pass the pipeline instead to run a new sweep)`)
    }
    if (perturbations) {
      const wanted = perturbations.map((p) => p.describe)
      const missing = wanted.filter((d) => !received.perturbations.includes(d))
      if (missing.length > 0) throw new ButterflyError(`[butterfly] [${NAME}] the sweep result was not run under ${missing.join(', ')} (it ran under ${received.perturbations.join(', ')})`)
    }
    return received
  }
  if (!isPipeline(received)) {
    throw new ButterflyError(`[butterfly] [${NAME}] expects a pipeline (definePipeline) or a sweep result (sweep()), got ${received === null ? 'null' : typeof received}`)
  }
  if (!perturbations) throw new ButterflyError(`[butterfly] [${NAME}] needs the perturbation(s) to run pipeline "${received.name}" under, e.g. toBeStableUnder(perturb.jitter('generation.top_p', 0.05), { stage, tolerance })`)
  // A misspelt stage is misuse: say so before the sweep spends its time.
  const stages = (received as AnyPipeline).stages.map((s) => s.name)
  if (!stages.includes(options.stage)) {
    throw new ButterflyError(`[butterfly] [${NAME}] option "stage": pipeline "${received.name}" has no stage "${options.stage}" (stages: ${stages.join(', ')})`)
  }
  const { stage: _stage, metric: _metric, tolerance: _tolerance, statistic: _statistic, confidence: _confidence, excess: _excess, ...sweepOptions } = options
  return sharedSweep(received as AnyPipeline, perturbations, withWorkerCache(sweepOptions))
}

/**
 * The `toBeStableUnder` matcher (registered by `vitest-butterfly/setup`).
 * Runs or takes the sweep, measures the stage's drift, judges it against the
 * tolerance and attaches the record to the test's meta.
 */
export async function toBeStableUnder(this: MatcherState, received: unknown, ...args: unknown[]): Promise<Awaited<MatcherResult>> {
  const task = currentTest(this)
  const settled = guardAwaited(NAME)
  let record: StabilityRecord
  try {
    const { perturbations, options } = splitArgs(args)
    if (typeof options !== 'object' || options === null) throw new ButterflyError(`[butterfly] [${NAME}] needs options { stage, tolerance, ... }`)
    if (typeof options.stage !== 'string') throw new ButterflyError(`[butterfly] [${NAME}] option "stage" must name a stage of the pipeline`)
    const tolerance = resolveTolerance(options, NAME)
    const result = await obtainSweep(received, perturbations, options)
    const confidence = options.confidence ?? options.bootstrap?.confidence
    const drift = result.drift(options.stage, options.metric, confidence !== undefined ? { confidence } : undefined)
    const execution = executionRecord(task, result, result.variants.flatMap((v) => v.runs))
    record = stabilityRecord(result, drift, tolerance, this.isNot === true, execution)
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    const pipeline = isPipeline(received) || isSweepResult(received) ? (isPipeline(received) ? received.name : received.pipeline) : undefined
    attachRecord(task, { kind: 'error', matcher: NAME, ...(pipeline ? { pipeline } : {}), message })
    throw error
  } finally {
    settled()
  }
  attachRecord(task, record)
  return { pass: record.pass, message: () => stabilityMessage(record) }
}
