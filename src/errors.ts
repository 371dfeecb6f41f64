/**
 * Every error vitest-butterfly throws or records. Messages start with
 * `[butterfly]` (added here, never typed by callers), then the component in
 * brackets where there is one, and name the offending stage, option, file or
 * request. Each class has a stable `code` to branch on (listed in docs/api.md).
 */

/** The stable codes of vitest-butterfly errors, one per class. */
export type ButterflyErrorCode =
  | 'BUTTERFLY_ERROR' | 'BUTTERFLY_OPTIONS' | 'BUTTERFLY_PIPELINE_DEFINITION' | 'BUTTERFLY_PARAMS' | 'BUTTERFLY_STAGE'
  | 'BUTTERFLY_STAGE_MISUSE' | 'BUTTERFLY_CACHE' | 'BUTTERFLY_PERTURBATION' | 'BUTTERFLY_METRIC' | 'BUTTERFLY_STATS'
  | 'BUTTERFLY_PROVIDER' | 'BUTTERFLY_CASSETTE' | 'BUTTERFLY_BASELINE' | 'BUTTERFLY_MISSING_DEPENDENCY'

/** What every error constructor accepts besides the message. */
export interface ButterflyErrorOptions {
  cause?: unknown
  /** The component, shown in brackets after `[butterfly]` (e.g. `cache:fs`, `toMatchBaseline`). */
  component?: string
}

/**
 * The message with its prefixes: `[butterfly]`, then `[component]` when
 * given. The one place they are added; a message that already has them keeps them.
 */
export function prefixed(message: string, component?: string): string {
  const withComponent = component !== undefined && !message.startsWith(`[${component}]`) && !message.startsWith('[butterfly]')
    ? `[${component}] ${message}`
    : message
  return withComponent.startsWith('[butterfly]') ? withComponent : `[butterfly] ${withComponent}`
}

/**
 * Base class of all vitest-butterfly errors.
 *
 * @example
 * try { await run(pipeline) } catch (e) { if (e instanceof ButterflyError && e.code === 'BUTTERFLY_PARAMS') … }
 */
export class ButterflyError extends Error {
  override name = 'ButterflyError'
  /** Stable across releases; one per class. */
  readonly code: ButterflyErrorCode = 'BUTTERFLY_ERROR'
  constructor(message: string, options?: ButterflyErrorOptions) {
    super(prefixed(message, options?.component), options?.cause !== undefined ? { cause: options.cause } : undefined)
  }
}

/** A function was called with an option or argument it cannot use; the message names the option and the function. */
export class OptionsError extends ButterflyError {
  override name = 'OptionsError'
  override readonly code: ButterflyErrorCode = 'BUTTERFLY_OPTIONS'
}

/** A pipeline definition is malformed (cycle, duplicate or unsafe name, unknown `needs`). */
export class PipelineDefinitionError extends ButterflyError {
  override name = 'PipelineDefinitionError'
  override readonly code: ButterflyErrorCode = 'BUTTERFLY_PIPELINE_DEFINITION'
}

/** Params overrides do not fit the pipeline's params schema; thrown before anything runs. */
export class ParamsError extends ButterflyError {
  override name = 'ParamsError'
  override readonly code: ButterflyErrorCode = 'BUTTERFLY_PARAMS'
}

/** A stage's run threw, or returned an output that does not match its schema. */
export class StageError extends ButterflyError {
  override name = 'StageError'
  override readonly code: ButterflyErrorCode = 'BUTTERFLY_STAGE'
  constructor(
    readonly stage: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options)
  }
}

/** A stage used `ctx.seed`, `ctx.sample` or `ctx.llm` without declaring `stochastic: true`. */
export class StageMisuseError extends StageError {
  override name = 'StageMisuseError'
  override readonly code: ButterflyErrorCode = 'BUTTERFLY_STAGE_MISUSE'
}

/** A cache store could not be used (unreadable directory, unwritable entry). */
export class CacheError extends ButterflyError {
  override name = 'CacheError'
  override readonly code: ButterflyErrorCode = 'BUTTERFLY_CACHE'
}

/** A perturbation names a params path or stage that does not exist, or leaves no variant. */
export class PerturbationError extends ButterflyError {
  override name = 'PerturbationError'
  override readonly code: ButterflyErrorCode = 'BUTTERFLY_PERTURBATION'
}

/** A metric was given inputs it cannot compare (mismatched shapes, unknown ids). */
export class MetricError extends ButterflyError {
  override name = 'MetricError'
  override readonly code: ButterflyErrorCode = 'BUTTERFLY_METRIC'
}

/** A statistics function was called with inputs it cannot work with. */
export class StatsError extends ButterflyError {
  override name = 'StatsError'
  override readonly code: ButterflyErrorCode = 'BUTTERFLY_STATS'
}

/** A model call failed: unknown model, endpoint error after retries, invalid body. */
export class ProviderError extends ButterflyError {
  override name = 'ProviderError'
  override readonly code: ButterflyErrorCode = 'BUTTERFLY_PROVIDER'
}

/** A cassette is corrupt, or a replay found no recording for a request. */
export class CassetteError extends ButterflyError {
  override name = 'CassetteError'
  override readonly code: ButterflyErrorCode = 'BUTTERFLY_CASSETTE'
}

/** A baseline file is corrupt, invalid, missing in CI, or outside `snapshots/`. */
export class BaselineError extends ButterflyError {
  override name = 'BaselineError'
  override readonly code: ButterflyErrorCode = 'BUTTERFLY_BASELINE'
}

/** An optional peer dependency (promptfoo) is needed but not installed. */
export class MissingDependencyError extends ButterflyError {
  override name = 'MissingDependencyError'
  override readonly code: ButterflyErrorCode = 'BUTTERFLY_MISSING_DEPENDENCY'
}
