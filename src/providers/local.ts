import { access } from 'node:fs/promises'
import { basename } from 'node:path'
import type { CallOptions, ChatRequest, CompletionRequest, CompletionResult, SamplingParams } from '../core/llm.ts'
import { MissingDependencyError, ProviderError } from '../errors.ts'
import type { IdentifiedProvider } from './canonical.ts'
import type { ChatFormat } from './chat-prompt.ts'
import { flattenChat } from './chat-prompt.ts'
import { engineFor, enqueue } from './local-runtime.ts'
import { LOCAL_MODEL_ENV, resolveLocalModelPath } from './local-model-path.ts'
import { fileHash } from '../fs/file-hash.ts'

/** Options of {@link local}. */
export interface LocalProviderOptions {
  /** Path of a GGUF file. @default process.env.BUTTERFLY_LOCAL_MODEL ?? '../shared/models/stories260K.gguf' (from the working directory) */
  model?: string
  /** Context size in tokens. @default the model's training context, at most 4096 */
  contextSize?: number
  /** `max_tokens` of requests that give none (generation also stops when the context is full). @default 256 */
  defaultMaxTokens?: number
  /** How chat messages become a raw prompt. @default flattenChat */
  formatChat?: ChatFormat
}

/** The provider {@link local} returns. */
export interface LocalProvider extends IdentifiedProvider {
  kind: 'local'
  network: false
  /** The model file, resolved now from the options and the environment. */
  readonly modelPath: string
  complete(request: CompletionRequest, options?: CallOptions): Promise<CompletionResult>
  chat(request: ChatRequest, options?: CallOptions): Promise<CompletionResult>
}

const SOURCE = { option: 'the local({ model }) option', env: `${LOCAL_MODEL_ENV}`, default: 'the default path, relative to the working directory' }

function checkParams(r: SamplingParams, model: string): void {
  if (r.max_tokens !== undefined && !(Number.isInteger(r.max_tokens) && r.max_tokens > 0)) {
    throw new ProviderError(`local model "${model}": max_tokens must be a positive integer, got ${r.max_tokens}`, { component: 'providers' })
  }
}

/**
 * The embedded model: a GGUF file run in-process by node-llama-cpp, on one
 * CPU thread, loaded once per process and shared. Raw completion; chat
 * messages are flattened into a prompt (the default suits models without a
 * chat template). temperature, top_p, top_k, seed, max_tokens and stop are
 * honoured; an absent seed means seed 0, so the same request always gives the
 * same text. An absent temperature is node-llama-cpp's default: greedy.
 * Calls are queued: one generation at a time per model.
 *
 * @example
 * const models = { 'tiny-story': local() }
 * await ctx.llm.complete({ model: 'tiny-story', prompt: 'Once upon a time', temperature: 0.8, top_p: 0.9, seed: ctx.seed, max_tokens: 48 })
 */
export function local(options: LocalProviderOptions = {}): LocalProvider {
  const defaultMaxTokens = options.defaultMaxTokens ?? 256
  const formatChat = options.formatChat ?? flattenChat

  const load = async (model: string) => {
    const { path, source } = resolveLocalModelPath(options.model)
    try {
      await access(path)
    } catch {
      throw new ProviderError(
        `local model "${model}": model file not found: ${path} (from ${SOURCE[source]}); ` +
        `set ${LOCAL_MODEL_ENV} to a GGUF file path or pass local({ model: '/path/to/model.gguf' })`,
        { component: 'providers' },
      )
    }
    try {
      return await engineFor(path, options.contextSize)
    } catch (cause) {
      if (cause instanceof MissingDependencyError) throw cause
      throw new ProviderError(`local model "${model}": cannot load ${path}: ${(cause as Error).message}`, { component: 'providers', cause })
    }
  }

  const generate = async (model: string, prompt: string, params: SamplingParams, extraStop: string[], signal: AbortSignal | undefined): Promise<CompletionResult> => {
    signal?.throwIfAborted()
    checkParams(params, model)
    const engine = await load(model)
    return enqueue(engine, signal, async () => {
      await engine.sequence.clearHistory()
      const stop = [...(params.stop ?? []), ...extraStop].filter((s) => s.length > 0)
      // Stop strings are matched on the decoded text here: node-llama-cpp 3.21.1 matches them on
      // per-token text, where SentencePiece word-initial spaces are missing (" named" never matched).
      const stopper = new AbortController()
      let text = ''
      let cut: number | undefined
      let completionTokens = 0
      try {
        const res = await engine.completion.generateCompletionWithMeta(prompt, {
          signal: signal ? AbortSignal.any([signal, stopper.signal]) : stopper.signal,
          stopOnAbortSignal: true,
          maxTokens: params.max_tokens ?? defaultMaxTokens,
          temperature: params.temperature,
          topP: params.top_p,
          topK: params.top_k,
          seed: params.seed ?? 0,
          disableContextShift: true,
          onToken: (tokens) => { completionTokens += tokens.length },
          onTextChunk: (chunk) => {
            if (cut !== undefined || stop.length === 0) return
            text += chunk
            const hits = stop.map((s) => text.indexOf(s)).filter((i) => i >= 0)
            if (hits.length > 0) {
              cut = Math.min(...hits)
              stopper.abort()
            }
          },
        })
        if (signal?.aborted) throw signal.reason
        const promptTokens = engine.model.tokenize(prompt).length + (engine.model.tokens.bos !== null ? 1 : 0)
        if (cut !== undefined) return { text: text.slice(0, cut), usage: { promptTokens, completionTokens }, finishReason: 'stop', model }
        const finishReason = res.metadata.stopReason === 'maxTokens' ? 'length' : 'stop'
        return { text: res.response, usage: { promptTokens, completionTokens }, finishReason, model }
      } catch (error) {
        if (signal?.aborted) throw signal.reason
        throw error
      }
    })
  }

  return {
    kind: 'local',
    network: false,
    concurrency: 1,
    get modelPath() {
      return resolveLocalModelPath(options.model).path
    },
    // The file's name and its bytes' digest: another model under the same name is another model.
    get identity(): Record<string, string> {
      const { path } = resolveLocalModelPath(options.model)
      const sha256 = fileHash(path)
      return sha256 === undefined ? { file: basename(path) } : { file: basename(path), sha256 }
    },
    complete: ({ model, prompt, ...params }, callOptions) => generate(model, prompt, params, [], callOptions?.signal),
    chat: ({ model, messages, ...params }, callOptions) => {
      const flat = formatChat(messages)
      return generate(model, flat.prompt, params, flat.stop, callOptions?.signal)
    },
  }
}
