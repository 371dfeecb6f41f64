import type { AnyPipeline } from '../core/pipeline.ts'
import type { RunResult } from '../core/result.ts'
import type { SweepResult } from '../perturbations/sweep.ts'

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null

/** A pipeline from `definePipeline` (name, params schema, stages). */
export function isPipeline(x: unknown): x is AnyPipeline {
  return isObject(x) && typeof x.name === 'string' && Array.isArray(x.stages) && isObject(x.params) && '~standard' in x.params
}

/** A result of `sweep()`. */
export function isSweepResult(x: unknown): x is SweepResult {
  return isObject(x) && typeof x.drift === 'function' && Array.isArray(x.variants) && typeof x.pipeline === 'string'
}

/** A result of `run()` (one sample). */
export function isRunResult(x: unknown): x is RunResult {
  return isObject(x) && typeof x.output === 'function' && Array.isArray(x.order) && isObject(x.stages) && typeof x.pipeline === 'string'
}

/** The pipeline a matcher was given, by name: of a pipeline, a sweep result or a run result. */
export function pipelineNameOf(x: unknown): string | undefined {
  if (isPipeline(x)) return x.name
  return isSweepResult(x) || isRunResult(x) ? x.pipeline : undefined
}
