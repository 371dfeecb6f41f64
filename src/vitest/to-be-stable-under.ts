import type { MatcherResult, MatcherState } from 'vitest'
import type { AnyPipeline } from '../core/pipeline.ts'
import { OptionsError } from '../errors.ts'
import type { Perturbation } from '../perturbations/perturbation.ts'
import type { SweepResult } from '../perturbations/sweep.ts'
import { stabilityMessage } from '../report/stability-message.ts'
import type { StableUnderOptions } from './matcher-types.ts'
import { executionRecord } from './execution.ts'
import { isPipeline, isSweepResult } from './received.ts'
import { sharedSweep } from './runtime.ts'
import { stabilityRecord } from './stability-record.ts'
import { deferToSuite, passNote } from './defer.ts'
import { resolveVerdictOptions } from '../verdict/options.ts'
import type { VerdictOptions } from '../verdict/options.ts'
import type { SweepResult as VerdictSweep } from '../verdict/sweep.ts'
import type { CheckStabilityOptions } from '../verdict/check-stability.ts'
import { runStabilityCheck } from '../verdict/check-stability.ts'
import type { StabilityVerdict } from '../verdict/types.ts'
import { runMatcher, withWorkerCache } from './matcher-shell.ts'

const NAME = 'toBeStableUnder'
const isPerturbation = (x: unknown): x is Perturbation =>
  typeof x === 'object' && x !== null && typeof (x as Perturbation).expand === 'function' && typeof (x as Perturbation).describe === 'string'

function splitArgs(args: unknown[]): { perturbations: Perturbation[] | undefined; options: StableUnderOptions } {
  const [first, second] = args
  if (args.length === 1 && !isPerturbation(first) && !Array.isArray(first)) return { perturbations: undefined, options: first as StableUnderOptions }
  const list = Array.isArray(first) ? first : [first]
  const bad = list.findIndex((p) => !isPerturbation(p))
  if (bad >= 0) throw new OptionsError(`[${NAME}] the first argument must be a perturbation or an array of them (perturb.jitter, perturb.swap, ...); item ${bad} is not`)
  return { perturbations: list as Perturbation[], options: second as StableUnderOptions }
}

// Options that only make sense when the matcher runs the sweep itself.
const SWEEP_ONLY = ['params', 'repeats', 'seed', 'cacheDir', 'cache', 'concurrency', 'llm'] as const

function checkReceivedSweep(received: SweepResult, perturbations: Perturbation[] | undefined, options: StableUnderOptions): void {
  const given = SWEEP_ONLY.filter((k) => options[k] !== undefined && !(k === 'repeats' && options.repeats === received.repeats))
  if (given.length > 0) {
    throw new OptionsError(`[${NAME}] received a sweep result that already ran; option(s) ${given.map((k) => `"${k}"`).join(', ')} would not apply (pass the pipeline instead to run a new sweep)`)
  }
  if (perturbations) {
    const wanted = perturbations.map((p) => p.describe)
    const missing = wanted.filter((d) => !received.perturbations.includes(d))
    if (missing.length > 0) throw new OptionsError(`[${NAME}] the sweep result was not run under ${missing.join(', ')} (it ran under ${received.perturbations.join(', ')})`)
  }
}

async function judgeReceived(received: unknown, perturbations: Perturbation[] | undefined, options: StableUnderOptions): Promise<{ sweep: SweepResult; verdict: StabilityVerdict }> {
  if (isSweepResult(received)) {
    checkReceivedSweep(received, perturbations, options)
    const judged = received as Partial<VerdictSweep>
    if (typeof judged.verdict !== 'function') throw new OptionsError(`[${NAME}] the sweep result has no verdict(): create it with sweep() from vitest-butterfly`)
    const { stage, metric, tolerance, alpha, onInconclusive, vacuous, minEffect, confidence, excess, statistic } = options
    const verdictOptions = { tolerance, alpha, onInconclusive, vacuous, minEffect, confidence, excess, statistic }
    return { sweep: received, verdict: judged.verdict(stage, metric, Object.fromEntries(Object.entries(verdictOptions).filter(([, v]) => v !== undefined)) as unknown as VerdictOptions) }
  }
  if (!isPipeline(received)) {
    throw new OptionsError(`[${NAME}] expects a pipeline (definePipeline) or a sweep result (sweep()), got ${received === null ? 'null' : typeof received}`)
  }
  if (!perturbations) throw new OptionsError(`[${NAME}] needs the perturbation(s) to run pipeline "${received.name}" under, e.g. toBeStableUnder(perturb.jitter('generation.top_p', 0.05), { stage, tolerance })`)
  return runStabilityCheck(received as AnyPipeline, perturbations, withWorkerCache(options) as CheckStabilityOptions, NAME, sharedSweep)
}

/**
 * The `toBeStableUnder` matcher (registered by `vitest-butterfly/setup`).
 * Runs (or takes) the sweep, tests the stage's excess drift against the
 * tolerance at level α (`checkStability`) and attaches the record to the
 * test's meta. Fails on `unstable`; `inconclusive` and `vacuous` pass unless
 * `onInconclusive` / `vacuous` say `'fail'`; `.not` asserts `unstable`.
 */
export function toBeStableUnder(this: MatcherState, received: unknown, ...args: unknown[]): Promise<Awaited<MatcherResult>> {
  return runMatcher(this, NAME, received, async (call) => {
    const { perturbations, options } = splitArgs(args)
    if (typeof options !== 'object' || options === null) throw new OptionsError(`[${NAME}] needs options { stage, tolerance, ... }`)
    if (typeof options.stage !== 'string') throw new OptionsError(`[${NAME}] option "stage" must name a stage of the pipeline`)
    // Misuse (a removed option, a bad alpha) fails before any sweep runs.
    const resolved = resolveVerdictOptions(options, NAME)
    const { sweep: result, verdict } = await judgeReceived(received, perturbations, options)
    const drift = result.drift(options.stage, options.metric)
    const execution = executionRecord(call.task, result, result.variants.flatMap((v) => v.runs))
    const record = deferToSuite(stabilityRecord(result, drift, verdict, resolved, call.negated, execution), call.task)
    return { record, pass: record.pass, message: stabilityMessage(record), ...passNote(NAME, record) }
  })
}
