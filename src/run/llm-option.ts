import type { LlmClientFactory } from '../core/llm.ts'
import type { AnyPipeline } from '../core/pipeline.ts'

/**
 * Resolves the `llm` option of `run()` and `sweep()` to the factory that
 * builds `ctx.llm`; `undefined` lets the engine call providers directly.
 */
export function resolveLlmOption(_pipeline: AnyPipeline, option: LlmClientFactory | undefined): LlmClientFactory | undefined {
  return option
}
