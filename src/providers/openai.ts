import OpenAI from 'openai'
import type { CallOptions, ChatRequest, CompletionRequest, CompletionResult } from '../core/llm.ts'
import { ProviderError } from '../errors.ts'
import { isCredentialHeader, redactError, registerSecret } from '../core/redact.ts'
import type { IdentifiedProvider } from './canonical.ts'
import { DEFAULT_OPENAI_BASE_URL, endpointIdentity } from './endpoint.ts'
import { nodeFetch } from './node-fetch.ts'
import { parseOpenAIBody } from './openai-body.ts'
import { DEFAULT_MAX_RESPONSE_BYTES, limitResponses, responseTooLarge } from './response-limit.ts'

/** Options of {@link openai}. Unset values are read from the environment at call time. */
export interface OpenAIProviderOptions {
  /** Any OpenAI-compatible endpoint (OpenAI, vLLM, Ollama, llama.cpp server). @default process.env.OPENAI_BASE_URL ?? 'https://api.openai.com/v1' */
  baseURL?: string
  /** @default process.env.OPENAI_API_KEY */
  apiKey?: string
  /**
   * Model name sent to the endpoint, part of the provider's identity.
   * @default the model id the stage called
   */
  model?: string
  /**
   * The HTTP transport; inject one to observe, proxy or fake every call.
   * @default nodeFetch (node:http keep-alive; about half the CPU per call of `globalThis.fetch`)
   */
  fetch?: typeof fetch
  /** Time limit of one HTTP request. @default 120_000 */
  timeoutMs?: number
  /** Largest number of calls in flight at once. @default 8 */
  concurrency?: number
  /** Extra headers on every request (never recorded; credential-named ones are redacted from errors and dropped on a cross-origin redirect). */
  headers?: Record<string, string>
  /**
   * Largest response body read, in bytes; a larger one fails the call (not
   * retried) naming the request, before it is read whole or recorded.
   * @default 16_777_216 (16 MiB)
   */
  maxResponseBytes?: number
}

/**
 * A 401 or 403 says which endpoint refused and where the key comes from
 * (never the key); it is not retried, and the run fails instead of passing
 * on outputs from anywhere else.
 */
function authFailure(error: unknown, what: string, baseURL: string): unknown {
  const status = (error as { status?: unknown } | null)?.status
  if (status !== 401 && status !== 403) return error
  const message = error instanceof Error ? error.message : String(error)
  return Object.assign(new ProviderError(
    `${what}: ${endpointIdentity(baseURL)} refused the credentials (${status}): ${message}. ` +
    'Check OPENAI_API_KEY (or openai({ apiKey })) for this endpoint; in CI, replay recorded calls instead (BUTTERFLY_LLM_MODE=replay)',
    { component: 'providers', cause: error },
  ), { status, retryable: false })
}

/** The provider {@link openai} returns. */
export interface OpenAIProvider extends IdentifiedProvider {
  kind: 'openai'
  network: true
  complete(request: CompletionRequest, options?: CallOptions): Promise<CompletionResult>
  chat(request: ChatRequest, options?: CallOptions): Promise<CompletionResult>
}

/**
 * A provider for any OpenAI-compatible endpoint through the official `openai`
 * SDK: `complete` uses `/completions`, `chat` uses `/chat/completions`. Every
 * field of the request except `model` (temperature, top_p, top_k, seed,
 * max_tokens, stop, and any extra field) is sent as given; `top_k` is not
 * part of OpenAI's own API, only send it to servers that take it. The SDK's
 * own retries are off: the run's retries (with `Retry-After`) apply instead.
 * Requests go over {@link nodeFetch} (node:http keep-alive) unless `fetch` is given.
 *
 * @example
 * const models = { 'gpt-4o-mini': openai(), 'qwen': openai({ baseURL: 'http://127.0.0.1:8000/v1', model: 'Qwen/Qwen2.5-7B-Instruct' }) }
 */
export function openai(options: OpenAIProviderOptions = {}): OpenAIProvider {
  let client: { key: string; sdk: OpenAI } | undefined
  // Validated now, so a typo fails where the provider is declared, not at the first call.
  if (options.baseURL !== undefined) endpointIdentity(options.baseURL, 'openai({ baseURL })')
  const maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES
  if (!Number.isSafeInteger(maxResponseBytes) || maxResponseBytes < 1) {
    throw new ProviderError(`openai({ maxResponseBytes }) must be a positive integer (bytes), got ${String(options.maxResponseBytes)}`, { component: 'providers' })
  }
  registerSecret(options.apiKey)
  for (const [name, value] of Object.entries(options.headers ?? {})) if (isCredentialHeader(name)) registerSecret(value)

  const sdkFor = (model: string): OpenAI => {
    const baseURL = options.baseURL ?? process.env.OPENAI_BASE_URL ?? undefined
    const apiKey = options.apiKey ?? process.env.OPENAI_API_KEY ?? undefined
    if (!apiKey && !baseURL) {
      throw new ProviderError(
        `openai model "${model}" has no API key: set OPENAI_API_KEY (or openai({ apiKey })), ` +
        'or set OPENAI_BASE_URL (or openai({ baseURL })) to an OpenAI-compatible server that needs none; ' +
        'in CI, replay recorded calls instead (BUTTERFLY_LLM_MODE=replay)',
        { component: 'providers' },
      )
    }
    // A local server usually wants no key, but the SDK insists on one; this placeholder is no secret.
    const key = `${baseURL ?? ''}\u0000${apiKey ?? ''}`
    if (client?.key !== key) {
      client = {
        key,
        sdk: new OpenAI({
          apiKey: apiKey || 'no-key',
          ...(baseURL ? { baseURL } : {}),
          fetch: limitResponses(options.fetch ?? nodeFetch, maxResponseBytes),
          ...(options.headers ? { defaultHeaders: options.headers } : {}),
          maxRetries: 0,
          timeout: options.timeoutMs ?? 120_000,
        }),
      }
    }
    return client.sdk
  }

  const send = async (call: 'complete' | 'chat', request: CompletionRequest | ChatRequest, callOptions?: CallOptions): Promise<CompletionResult> => {
    const signal = callOptions?.signal
    signal?.throwIfAborted()
    const { model: id, ...rest } = request
    const body = { ...rest, model: options.model ?? id }
    const what = `openai model "${id}"`
    const sdk = sdkFor(id)
    try {
      const pending = call === 'complete'
        ? sdk.completions.create(body as unknown as OpenAI.CompletionCreateParamsNonStreaming, { ...(signal ? { signal } : {}) })
        : sdk.chat.completions.create(body as unknown as OpenAI.ChatCompletionCreateParamsNonStreaming, { ...(signal ? { signal } : {}) })
      const response = await pending.asResponse()
      const result = parseOpenAIBody(call, await response.text(), what)
      return result.model ? result : { ...result, model: body.model }
    } catch (error) {
      if (signal?.aborted) throw signal.reason
      const tooLarge = responseTooLarge(error)
      if (tooLarge) {
        throw Object.assign(new ProviderError(tooLarge.message.replace('[butterfly] [providers] ', `[butterfly] [providers] ${what}: `), { cause: tooLarge }), { retryable: false })
      }
      throw authFailure(redactError(error), what, sdk.baseURL)
    }
  }

  return {
    kind: 'openai',
    network: true,
    concurrency: options.concurrency ?? 8,
    // Read when a key is computed, like the call reads the environment: the
    // endpoint (never the key) and the upstream model are what stands behind
    // the id, so another endpoint is another cache entry and another recording.
    get identity() {
      const endpoint = options.baseURL !== undefined
        ? endpointIdentity(options.baseURL, 'openai({ baseURL })')
        : process.env.OPENAI_BASE_URL
          ? endpointIdentity(process.env.OPENAI_BASE_URL, 'OPENAI_BASE_URL')
          : DEFAULT_OPENAI_BASE_URL
      return { endpoint, ...(options.model ? { upstream: options.model } : {}) }
    },
    complete: (request, callOptions) => send('complete', request, callOptions),
    chat: (request, callOptions) => send('chat', request, callOptions),
  }
}
