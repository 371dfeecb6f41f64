import { PipelineDefinitionError } from '../errors.ts'
import type { LlmProvider } from './llm.ts'
import type { AnyStage, OutputOf } from './stage.ts'
import { claimStage, needsOf } from './stage.ts'
import type { InferOutput, StandardSchemaV1 } from './standard-schema.ts'

/**
 * A pipeline: a params schema and the stages that read it.
 */
export interface Pipeline<Schema extends StandardSchemaV1 = StandardSchemaV1, Stages extends readonly AnyStage[] = readonly AnyStage[]> {
  /** Safe as a file name; used in cache keys' logs, reports and baseline files. */
  name: string
  /** Schema of the params; every field should have a default so `run(pipeline)` works with no overrides. */
  params: Schema
  /** The stages, in any order; `needs` decides the order they run in. */
  stages: Stages
  /** Model ids used by stages through `ctx.llm`, mapped to providers. @default {} */
  models?: Record<string, LlmProvider>
  /** One line shown in reports. */
  description?: string
}

/** Any pipeline. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyPipeline = Pipeline<StandardSchemaV1<any, any>, readonly AnyStage[]>

/** The params type of a pipeline. */
export type ParamsOf<P> = P extends Pipeline<infer S, readonly AnyStage[]> ? InferOutput<S> : never

/** The stage names of a pipeline. */
export type StageNameOf<P> = P extends Pipeline<StandardSchemaV1, infer S> ? S[number]['name'] : string

/** The output type of the stage named `N` in pipeline `P`. */
export type StageOutputOf<P, N extends string> = P extends Pipeline<StandardSchemaV1, infer S>
  ? OutputOf<Extract<S[number], { name: N }>>
  : unknown

const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/

/** True when `name` can be used as a file or folder name on every platform. */
export function isSafeName(name: string): boolean {
  return SAFE_NAME.test(name) && !name.endsWith('.')
}

/** The params schema of a pipeline declared without `params`: an empty object, nothing to tune. */
export type NoParams = StandardSchemaV1<Record<string, never>, Record<string, never>>

/** A pipeline definition: a {@link Pipeline} whose `params` may be left out when there is nothing to tune. */
export type PipelineDefinition<Schema extends StandardSchemaV1, Stages extends readonly AnyStage[]> =
  Omit<Pipeline<Schema, Stages>, 'params'> & { params?: Schema }

const noParams: NoParams = {
  '~standard': {
    version: 1,
    vendor: 'vitest-butterfly',
    // Defaults come from validating `{}`; any object validates to `{}`, and resolveParams then reports
    // every override path as unknown, as it does for any schema.
    validate: (value) => (typeof value === 'object' && value !== null && !Array.isArray(value)
      ? { value: {} }
      : { issues: [{ message: 'expected an object' }] }),
  },
}

/**
 * Declares a pipeline and checks it: unique, file-safe stage names, every
 * `needs` entry in the pipeline, no cycles. Returns it, typed. Without
 * `params` the pipeline has an empty params object.
 *
 * @example
 * export const pipeline = definePipeline({ name: 'demo', params, stages: [extract, facts] })
 * export const fixed = definePipeline({ name: 'fixed', stages: [extract] })
 */
export function definePipeline<const Stages extends readonly AnyStage[]>(
  pipeline: PipelineDefinition<NoParams, Stages> & { params?: undefined },
): Pipeline<NoParams, Stages>
export function definePipeline<Schema extends StandardSchemaV1, const Stages extends readonly AnyStage[]>(
  pipeline: Pipeline<Schema, Stages>,
): Pipeline<Schema, Stages>
export function definePipeline(pipeline: PipelineDefinition<StandardSchemaV1, readonly AnyStage[]>): AnyPipeline {
  const defined = typeof pipeline === 'object' && pipeline !== null && pipeline.params === undefined
    ? { ...pipeline, params: noParams }
    : pipeline as AnyPipeline
  checkPipeline(defined)
  for (const stage of defined.stages) claimStage(stage, defined.name)
  return defined
}

/** Throws a {@link PipelineDefinitionError} naming the first problem in `pipeline`; returns its stages in {@link topologicalOrder}. */
export function checkPipeline(pipeline: AnyPipeline): AnyStage[] {
  const where = `pipeline "${String(pipeline?.name)}"`
  if (typeof pipeline !== 'object' || pipeline === null) throw new PipelineDefinitionError('definePipeline() needs an object')
  if (typeof pipeline.name !== 'string' || !isSafeName(pipeline.name)) {
    throw new PipelineDefinitionError(`${where}: the name must be 1-128 letters, digits, ".", "_" or "-" (it is used in file names)`)
  }
  if (!pipeline.params || !('~standard' in pipeline.params)) {
    throw new PipelineDefinitionError(`${where}: "params" must be a Standard Schema (e.g. a zod object)`)
  }
  if (!Array.isArray(pipeline.stages) || pipeline.stages.length === 0) {
    throw new PipelineDefinitionError(`${where}: "stages" must be a non-empty array`)
  }
  const byName = new Map<string, AnyStage>()
  for (const [i, stage] of pipeline.stages.entries()) {
    if (typeof stage !== 'object' || stage === null || typeof stage.run !== 'function') {
      throw new PipelineDefinitionError(`${where}: stages[${i}] is not a stage (use defineStage)`)
    }
    if (typeof stage.name !== 'string' || !isSafeName(stage.name)) {
      throw new PipelineDefinitionError(`${where}: stage name ${JSON.stringify(stage.name)} is unsafe as a file name; use letters, digits, ".", "_" or "-"`)
    }
    if (byName.has(stage.name)) throw new PipelineDefinitionError(`${where}: duplicate stage name "${stage.name}"`)
    if (!stage.output || !('~standard' in stage.output)) {
      throw new PipelineDefinitionError(`${where}: stage "${stage.name}" needs an "output" schema (any Standard Schema)`)
    }
    byName.set(stage.name, stage)
  }
  for (const stage of pipeline.stages) {
    for (const [alias, dep] of needsOf(stage)) {
      const known = byName.get(dep?.name)
      if (!known) {
        throw new PipelineDefinitionError(`${where}: stage "${stage.name}" needs "${alias}" (stage "${String(dep?.name)}"), which is not in the pipeline's stages`)
      }
      if (known !== dep) {
        throw new PipelineDefinitionError(`${where}: stage "${stage.name}" needs a different stage object named "${dep.name}" than the one in the pipeline`)
      }
    }
  }
  return topologicalOrder(pipeline.stages, pipeline.name)
}

/**
 * Throws a {@link PipelineDefinitionError} naming `caller` when `value` is not
 * a well-formed pipeline, so `run({ name: 'p' })` says what is wrong instead of
 * failing deep inside on a missing schema.
 */
export function requirePipeline(caller: string, value: unknown): asserts value is AnyPipeline {
  const p = value as AnyPipeline
  const known = typeof value === 'object' && value !== null ? asSeen(p) : undefined
  if (known?.checked && known.name === p.name && known.params === p.params) return
  try {
    const order = checkPipeline(p)
    seen.set(p, { name: p.name, params: p.params, stages: [...p.stages], order, checked: true })
  } catch (cause) {
    const why = cause instanceof Error ? cause.message.replace(/^\[butterfly\] /, '') : String(cause)
    throw new PipelineDefinitionError(`${caller} needs a pipeline made with definePipeline(): ${why}`, { cause })
  }
}

// What a pipeline looked like when last checked or ordered: run() checks its
// pipeline on every call and the engine orders its stages, and a sweep does
// both thousands of times with one object. A pipeline changed since (another
// stages array, a stage added, removed or swapped in place) is checked and
// ordered again: its stages are compared one by one with the copy kept here.
interface Seen {
  name: string
  params: unknown
  stages: readonly AnyStage[]
  order: AnyStage[]
  /** Whether `checkPipeline` passed on it, not only `topologicalOrder`. */
  checked: boolean
}
const seen = new WeakMap<AnyPipeline, Seen>()

// The memo of `p`, if it still has the same stage objects in the same order.
function asSeen(p: AnyPipeline): Seen | undefined {
  const known = seen.get(p)
  return known && Array.isArray(p.stages) && known.stages.length === p.stages.length && known.stages.every((s, i) => s === p.stages[i]) ? known : undefined
}

/** {@link topologicalOrder} of a pipeline's stages, computed once per pipeline object (again if a stage was added, removed or swapped). */
export function pipelineOrder(pipeline: AnyPipeline): readonly AnyStage[] {
  const known = asSeen(pipeline)
  if (known) return known.order
  const order = topologicalOrder(pipeline.stages, pipeline.name)
  seen.set(pipeline, { name: pipeline.name, params: pipeline.params, stages: [...pipeline.stages], order, checked: false })
  return order
}

/** The stages ordered so that every stage comes after its `needs`; throws on a cycle, naming it (and the pipeline, when given). */
export function topologicalOrder(stages: readonly AnyStage[], pipelineName?: string): AnyStage[] {
  const order: AnyStage[] = []
  const state = new Map<AnyStage, 'visiting' | 'done'>()
  const visit = (stage: AnyStage, path: string[]): void => {
    const seen = state.get(stage)
    if (seen === 'done') return
    if (seen === 'visiting') {
      const cycle = [...path.slice(path.indexOf(stage.name)), stage.name].join(' -> ')
      const where = pipelineName === undefined ? 'pipeline' : `pipeline "${pipelineName}"`
      throw new PipelineDefinitionError(`${where} has a cycle: ${cycle}`)
    }
    state.set(stage, 'visiting')
    for (const [, dep] of needsOf(stage)) visit(dep, [...path, stage.name])
    state.set(stage, 'done')
    order.push(stage)
  }
  for (const stage of stages) visit(stage, [])
  return order
}

/** Names of `stage` and every stage downstream of it, in pipeline order. */
export function downstreamOf(stages: readonly AnyStage[], name: string): string[] {
  const affected = new Set([name])
  for (const stage of topologicalOrder(stages)) {
    if (needsOf(stage).some(([, dep]) => affected.has(dep.name))) affected.add(stage.name)
  }
  return topologicalOrder(stages).map((s) => s.name).filter((n) => affected.has(n))
}
