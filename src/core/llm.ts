/**
 * The model-call contract that stages see as `ctx.llm` and that providers
 * implement. Core only declares it; `providers/` holds the real clients.
 */

/** One chat message. */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant'
  content: string
}

/** Sampling parameters shared by completion and chat requests; passed through unchanged. */
export interface SamplingParams {
  temperature?: number
  top_p?: number
  top_k?: number
  seed?: number
  max_tokens?: number
  stop?: string[]
}

/** A raw text completion request. `model` is an id from the pipeline's `models`. */
export interface CompletionRequest extends SamplingParams {
  model: string
  prompt: string
}

/** A chat request. `model` is an id from the pipeline's `models`. */
export interface ChatRequest extends SamplingParams {
  model: string
  messages: ChatMessage[]
}

/** Token counts of one call or a sum of calls. */
export interface Usage {
  promptTokens: number
  completionTokens: number
  /** Price of the call(s) in the price table's currency, when the run was given a price table. */
  cost?: number
}

/** What a model call returns. */
export interface CompletionResult {
  text: string
  usage: Usage
  finishReason: 'stop' | 'length' | 'error' | (string & {})
  model: string
}

/** Options every provider call receives. */
export interface CallOptions {
  signal?: AbortSignal
}

/**
 * A model provider: a plain object with `complete` and/or `chat`.
 *
 * @example
 * const echo: LlmProvider = { kind: 'echo', complete: async (r) => ({ text: r.prompt, usage: { promptTokens: 0, completionTokens: 0 }, finishReason: 'stop', model: r.model }) }
 */
export interface LlmProvider {
  /** Short provider kind, part of the cassette key (e.g. `openai`, `local`). */
  kind: string
  /**
   * What stands behind the provider (e.g. the upstream model name or model
   * file name). Part of the cache key of stochastic stages and of cassette
   * keys, so swapping the model behind an id never serves stale outputs.
   * Keep it free of secrets and machine paths.
   * @default {}
   */
  identity?: Record<string, string | number | boolean>
  /** True when the provider's calls leave this machine (then CI replays them from cassettes). */
  network?: boolean
  /** Largest number of calls in flight at once. @default unlimited */
  concurrency?: number
  complete?(request: CompletionRequest, options?: CallOptions): Promise<CompletionResult>
  chat?(request: ChatRequest, options?: CallOptions): Promise<CompletionResult>
}

/** What a stage calls: `ctx.llm.complete(...)` / `ctx.llm.chat(...)`. */
export interface LlmClient {
  complete(request: CompletionRequest): Promise<CompletionResult>
  chat(request: ChatRequest): Promise<CompletionResult>
}

/** Where a model call comes from; given to the client factory so records can name it. */
export interface CallSite {
  pipeline: string
  stage: string
  sample: number
  seed: number
  signal: AbortSignal
}

/**
 * Builds the `ctx.llm` client for one stage execution. The default calls the
 * pipeline's providers directly; `run()` wraps it with cassettes, retries,
 * concurrency limits and usage accounting.
 */
export type LlmClientFactory = (site: CallSite, onUsage: (usage: Usage) => void) => LlmClient
