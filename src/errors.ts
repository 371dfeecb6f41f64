/**
 * Every error vitest-butterfly throws or records. Messages start with
 * `[butterfly]`, then the component in brackets where there is one, and name
 * the offending stage, option, file or request.
 */

/** Base class of all vitest-butterfly errors. */
export class ButterflyError extends Error {
  override name = 'ButterflyError'
  constructor(message: string, options?: { cause?: unknown }) {
    super(message.startsWith('[butterfly]') ? message : `[butterfly] ${message}`, options)
  }
}

/** A pipeline definition is malformed (cycle, duplicate or unsafe name, unknown `needs`). */
export class PipelineDefinitionError extends ButterflyError {
  override name = 'PipelineDefinitionError'
}

/** Params overrides do not fit the pipeline's params schema; thrown before anything runs. */
export class ParamsError extends ButterflyError {
  override name = 'ParamsError'
}

/** A stage's run threw, or returned an output that does not match its schema. */
export class StageError extends ButterflyError {
  override name = 'StageError'
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
}

/** A cache store could not be used (unreadable directory, unwritable entry). */
export class CacheError extends ButterflyError {
  override name = 'CacheError'
}

/** A perturbation names a params path or stage that does not exist, or leaves no variant. */
export class PerturbationError extends ButterflyError {
  override name = 'PerturbationError'
}

/** A metric was given inputs it cannot compare (mismatched shapes, unknown ids). */
export class MetricError extends ButterflyError {
  override name = 'MetricError'
}

/** A statistics function was called with inputs it cannot work with. */
export class StatsError extends ButterflyError {
  override name = 'StatsError'
}

/** A model call failed: unknown model, endpoint error after retries, invalid body. */
export class ProviderError extends ButterflyError {
  override name = 'ProviderError'
}

/** A cassette is corrupt, or a replay found no recording for a request. */
export class CassetteError extends ButterflyError {
  override name = 'CassetteError'
}

/** A baseline file is corrupt, invalid, missing in CI, or outside `snapshots/`. */
export class BaselineError extends ButterflyError {
  override name = 'BaselineError'
}

/** An optional peer dependency (promptfoo) is needed but not installed. */
export class MissingDependencyError extends ButterflyError {
  override name = 'MissingDependencyError'
}
