import { definedIn, recordDefiningModule } from './defined-in.ts'
import type { StandardSchemaV1 } from './standard-schema.ts'
import type { StageContext } from './context.ts'

/** Any stage, whatever its types; used where stages are collected. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyStage = Stage<string, any, any, any, any>

/** A record of upstream stages a stage reads, by the name it reads them under. */
export type StageMap = Record<string, AnyStage>

/** The output type of a stage. */
export type OutputOf<S> = S extends Stage<string, any, any, any, infer O> ? O : never

/** The typed `inputs` a stage receives: one output per entry of its `needs`. */
export type InputsOf<Needs extends StageMap> = { readonly [K in keyof Needs]: OutputOf<Needs[K]> }

/** What a stage's `run` receives. */
export interface StageArgs<Slice, Needs extends StageMap> {
  /** The params slice this stage selected (`undefined` when it selects none). */
  params: Slice
  /** Outputs of the stages in `needs`. */
  inputs: InputsOf<Needs>
  ctx: StageContext
}

/**
 * A typed pipeline stage, as declared with {@link defineStage}.
 */
export interface Stage<Name extends string, P, Slice, Needs extends StageMap, Out> {
  /** Unique within the pipeline; safe as a file name (letters, digits, `.`, `_`, `-`). */
  name: Name
  /**
   * Selects the slice of the pipeline params this stage may read. Only this
   * slice is part of the stage's cache key, so changing another param never
   * re-runs this stage.
   * @default no params
   */
  params?: (params: P) => Slice
  /** Upstream stages, by the name `inputs` uses. @default {} */
  needs?: Needs
  /** Schema of the output (any Standard Schema: zod, valibot, arktype...). */
  output: StandardSchemaV1<unknown, Out>
  /**
   * Bump to invalidate cached outputs. When set, it replaces the code
   * fingerprint below (but not `files`).
   * @default a hash of the `run` function's source, of the module that called
   * `defineStage` and of the local modules it imports, transitively (packages
   * count by their installed version)
   */
  version?: string
  /**
   * Files the stage reads at run time, as paths or globs relative to the
   * current directory (e.g. `['data/*.csv']`). Their contents are part of the
   * cache key, so editing one re-runs the stage. A pattern that matches no
   * file fails the stage.
   * @default []
   */
  files?: readonly string[]
  /**
   * Declare `true` when the output depends on the sample: the stage samples a
   * model or uses `ctx.seed`. Each sample then gets its own cache entry.
   * Reading `ctx.sample`, `ctx.seed` or `ctx.llm` without it fails the stage.
   * @default false
   */
  stochastic?: boolean
  /** Computes the output. */
  run: (args: StageArgs<Slice, Needs>) => NoInfer<Out> | Promise<NoInfer<Out>>
}

/**
 * Declares a typed stage. Returns its input unchanged, typed.
 *
 * @example
 * const extract = defineStage({
 *   name: 'extract',
 *   params: (p: Params) => p.extraction,
 *   output: z.array(z.string()),
 *   run: async ({ params }) => extractAll(params.engine),
 * })
 */
export function defineStage<
  const Name extends string,
  P = unknown,
  Slice = undefined,
  Needs extends StageMap = {},
  Out = unknown,
>(stage: Stage<Name, P, Slice, Needs, Out>): Stage<Name, P, Slice, Needs, Out> {
  return recordDefiningModule(stage, new Error().stack, 'defineStage')
}

/**
 * The file (path or `file:` URL) of the module whose code called
 * {@link defineStage} for `stage`, when the stack trace told it.
 */
export function definingModule(stage: AnyStage): string | undefined {
  return definedIn(stage)
}

/** The `needs` of a stage as `[alias, stage]` pairs. */
export function needsOf(stage: AnyStage): [string, AnyStage][] {
  return Object.entries((stage.needs ?? {}) as StageMap)
}

// The pipeline a stage object was first put into, by definePipeline. The cache key names it: two
// pipelines from one factory (distinct stage objects, same name and source, different closures)
// never share an entry, while a pipeline that reuses another's stage objects shares their entries.
const OWNER = Symbol.for('vitest-butterfly.ownerPipeline')

/** Records `pipeline` as the owner of `stage` unless it already has one. */
export function claimStage(stage: AnyStage, pipeline: string): void {
  if (Object.hasOwn(stage, OWNER) || !Object.isExtensible(stage)) return
  Object.defineProperty(stage, OWNER, { value: pipeline, enumerable: false, configurable: true })
}

/** The name of the first pipeline `stage` was defined in, when it went through `definePipeline`. */
export function stageOwner(stage: AnyStage): string | undefined {
  const value = (stage as unknown as Record<symbol, unknown>)[OWNER]
  return typeof value === 'string' ? value : undefined
}
