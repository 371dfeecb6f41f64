import type { MatcherResult, MatcherState } from 'vitest'
import type { AnyPipeline } from '../core/pipeline.ts'
import { OptionsError } from '../errors.ts'
import type { Drift } from '../perturbations/drift.ts'
import { stabilityMessage } from '../report/stability-message.ts'
import { mean } from '../stats/summary.ts'
import { resolveVerdictOptions } from '../verdict/options.ts'
import type { CheckReproducibilityOptions } from '../verdict/reproducibility.ts'
import { runReproducibilityCheck } from '../verdict/reproducibility.ts'
import { deferToSuite, passNote } from './defer.ts'
import { executionRecord } from './execution.ts'
import type { ReproducibleOptions } from './matcher-types.ts'
import { isPipeline } from './received.ts'
import { runMatcher, withWorkerCache } from './matcher-shell.ts'
import { stabilityRecord } from './stability-record.ts'

const NAME = 'toBeReproducible'
/** How the record names what the runs were compared under: nothing changed. */
export const IDENTICAL_RUNS = 'identical runs (nothing changed)'

// The drift view the record builder reads, for pairs of identical runs: no
// variant, no ripple (nothing was perturbed), the noise floor is the measurement.
function identicalRunsDrift(stage: string, metric: { name: string; describe: string }, noise: number[], repeats: number, upper: number): Drift {
  const m = noise.length > 0 ? mean(noise) : 0
  const estimate = { values: noise, mean: m, ci: [m, Number.isFinite(upper) ? upper : m] as [number, number] }
  return {
    stage, metric, repeats, confidence: 0.95,
    perVariant: [{ ...estimate, variant: { id: 'identical-runs', label: 'run 2j vs run 2j+1' }, max: Math.max(0, ...noise), excess: estimate, details: [], changed: [] }],
    max: m,
    noiseFloor: { ...estimate, n: noise.length, measured: noise.length > 0 },
    ripple: [], firstExceeding: undefined,
  }
}

/**
 * The `toBeReproducible` matcher (registered by `vitest-butterfly/setup`):
 * runs the pipeline `repeats` times with nothing changed and tests the drift
 * between pairs of identical runs against the tolerance at level α
 * (`checkReproducibility`), with the outcomes of `toBeStableUnder`.
 */
export function toBeReproducible(this: MatcherState, received: unknown, options: unknown): Promise<Awaited<MatcherResult>> {
  return runMatcher(this, NAME, received, async (call) => {
    if (!isPipeline(received)) throw new OptionsError(`[${NAME}] expects a pipeline (definePipeline), got ${received === null ? 'null' : typeof received}`)
    if (typeof options !== 'object' || options === null) throw new OptionsError(`[${NAME}] needs options { stage, tolerance, repeats, ... }`)
    const given = options as ReproducibleOptions
    // Misuse (a removed option, a bad alpha) fails before anything runs.
    const resolved = resolveVerdictOptions(given, NAME)
    const pipeline = received as AnyPipeline
    const { verdict, runs, metric } = await runReproducibilityCheck(pipeline, withWorkerCache(given) as CheckReproducibilityOptions, NAME)
    const v = verdict.variants[0]!
    const drift = identicalRunsDrift(given.stage, { name: metric.name, describe: metric.describe }, v.drift, verdict.repeats, v.effect.upper)
    const execution = executionRecord(call.task, runs, runs)
    const record = deferToSuite(stabilityRecord({ pipeline: pipeline.name, perturbations: [IDENTICAL_RUNS], notes: [] }, drift, verdict, resolved, call.negated, execution), call.task)
    return { record, pass: record.pass, message: stabilityMessage(record), ...passNote(NAME, record) }
  })
}
