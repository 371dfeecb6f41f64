import pLimit from 'p-limit'
import { StageMisuseError } from '../errors.ts'
import type { LlmClient } from './llm.ts'

/** What a stage's `run` can use besides its params and inputs. */
export interface StageContext {
  /** Name of the running stage. */
  readonly stage: string
  /** Sample index of this run (0..repeats-1). Only for `stochastic: true` stages. */
  readonly sample: number
  /** Deterministic seed from the run's seed and the sample index. Only for `stochastic: true` stages. */
  readonly seed: number
  /** Aborted when the run is cancelled. */
  readonly signal: AbortSignal
  /** Model calls through the pipeline's `models`. Only for `stochastic: true` stages. */
  readonly llm: LlmClient
  /** Logs a line attributed to this stage. */
  log(message: string): void
  /**
   * Maps `items` through `fn` with at most `concurrency` calls in flight,
   * keeping the order of `items`.
   * @default concurrency 4
   */
  map<T, R>(items: readonly T[], fn: (item: T, index: number) => R | Promise<R>, options?: { concurrency?: number }): Promise<R[]>
}

/** What the engine knows when it builds a context. */
export interface ContextInit {
  stage: string
  stochastic: boolean
  sample: number
  seed: number
  signal: AbortSignal
  llm: () => LlmClient
  log: (message: string) => void
}

function misuse(stage: string, what: string): never {
  throw new StageMisuseError(
    stage,
    `stage "${stage}" used ${what} but is not declared stochastic: true; ` +
      'declare it so that each sample is cached apart and its noise floor is measured',
  )
}

/** Builds the context for one stage execution; `sample`, `seed` and `llm` are guarded for deterministic stages. */
export function createStageContext(init: ContextInit): StageContext {
  const { stage, stochastic } = init
  let llm: LlmClient | undefined
  return {
    stage,
    get sample() {
      return stochastic ? init.sample : misuse(stage, 'ctx.sample')
    },
    get seed() {
      return stochastic ? init.seed : misuse(stage, 'ctx.seed')
    },
    get llm() {
      if (!stochastic) misuse(stage, 'ctx.llm')
      llm ??= init.llm()
      return llm
    },
    signal: init.signal,
    log: init.log,
    async map(items, fn, options) {
      const limit = pLimit(Math.max(1, options?.concurrency ?? 4))
      return Promise.all(items.map((item, index) => limit(() => {
        init.signal.throwIfAborted()
        return fn(item, index)
      })))
    },
  }
}
