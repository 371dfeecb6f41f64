import type { LlmClientFactory } from '../core/llm.ts'
import type { AnyPipeline } from '../core/pipeline.ts'
import { createLlmClientFactory } from '../providers/client.ts'
import type { LlmOptions } from '../providers/client.ts'

/**
 * Resolves the `llm` option of `run()` and `sweep()` to the factory that
 * builds `ctx.llm`: a factory is used as given; options (or nothing) give the
 * providers' client with cassettes, retries, concurrency limits and usage
 * accounting, in the default mode (`auto` locally, `replay` in CI).
 */
export function resolveLlmOption(pipeline: AnyPipeline, option: LlmClientFactory | LlmOptions | undefined): LlmClientFactory {
  return typeof option === 'function' ? option : createLlmClientFactory(pipeline, option ?? {})
}
