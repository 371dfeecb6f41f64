import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { ProviderError } from 'vitest-butterfly'
import type { CallSite, CompletionRequest, LlmClient } from 'vitest-butterfly'
import { createLlmClientFactory, nodeFetch, openai } from 'vitest-butterfly/providers'
import type { LlmOptions, RetryEvent } from 'vitest-butterfly/providers'
import { startOpenAIServer } from '../support/openai-server.ts'
import type { OpenAIServer } from '../support/openai-server.ts'

let server: OpenAIServer
let fetchCalls = 0
// The default transport (node:http), counted; the platform's fetch stays supported through the option.
const transports = { nodeFetch, 'globalThis.fetch': globalThis.fetch }
type Transport = keyof typeof transports
const counting = (transport: Transport = 'nodeFetch'): typeof fetch => (input, init) => {
  fetchCalls++
  return transports[transport](input, init)
}

beforeAll(async () => {
  server = await startOpenAIServer()
})
afterAll(() => server.close())
afterEach(() => {
  server.reset()
  vi.unstubAllEnvs()
})

const site = (): CallSite => ({ pipeline: 'openai-test', stage: 'answer', sample: 0, seed: 1, signal: new AbortController().signal })

function client(options: LlmOptions = {}, timeoutMs?: number, transport?: Transport): LlmClient {
  const provider = openai({ baseURL: server.url, apiKey: 'sk-test', fetch: counting(transport), ...(timeoutMs ? { timeoutMs } : {}) })
  const pipeline = { name: 'openai-test', stages: [], models: { 'tiny-story': provider } }
  return createLlmClientFactory(pipeline as never, { mode: 'off', retries: { attempts: 3, baseDelayMs: 5 }, ...options })(site(), () => {})
}

const request: CompletionRequest = { model: 'tiny-story', prompt: 'Once upon a time', temperature: 0.7, top_p: 0.85, top_k: 40, seed: 12345, max_tokens: 6, stop: ['\n\n'] }

describe('openai() against an OpenAI-compatible server on 127.0.0.1', () => {
  it('sends every sampling param unchanged to /v1/completions and /v1/chat/completions', async () => {
    const c = client()
    const r = await c.complete(request)
    const messages = [{ role: 'user' as const, content: 'Tell a story.' }]
    await c.chat({ model: 'tiny-story', messages, temperature: 0.3, top_p: 0.95, seed: 7, max_tokens: 4 })
    expect(server.requests.map((q) => q.path)).toEqual(['/v1/completions', '/v1/chat/completions'])
    expect(server.requests[0]!.body).toEqual({ ...request })
    expect(server.requests[1]!.body).toEqual({ model: 'tiny-story', messages, temperature: 0.3, top_p: 0.95, seed: 7, max_tokens: 4 })
    expect(server.requests[0]!.headers.authorization).toBe('Bearer sk-test')
    expect(r.usage.completionTokens).toBeGreaterThan(0)
    expect(r.usage.completionTokens).toBeLessThanOrEqual(6)
  })

  it('sends over node:http by default, not through the platform fetch', async () => {
    const platform = vi.spyOn(globalThis, 'fetch')
    try {
      const r = await openai({ baseURL: server.url, apiKey: 'k' }).complete({ model: 'tiny-story', prompt: 'Hi', max_tokens: 2 })
      expect(r.text.length).toBeGreaterThan(0)
      expect(server.requests).toHaveLength(1)
      expect(platform).not.toHaveBeenCalled()
    } finally {
      platform.mockRestore()
    }
  })

  it('the upstream model name can differ from the pipeline id', async () => {
    const provider = openai({ baseURL: server.url, apiKey: 'k', model: 'served-name' })
    await provider.complete({ model: 'tiny-story', prompt: 'Hi', max_tokens: 2 })
    expect(server.requests[0]!.body.model).toBe('served-name')
  })

  const faults = [
    ['500', { kind: 'status', status: 500 }, 'server-error'],
    ['503', { kind: 'status', status: 503 }, 'server-error'],
    ['a hang (per-attempt timeout)', { kind: 'hang' }, 'timeout'],
    ['a reset connection', { kind: 'reset' }, 'connection'],
    ['truncated JSON', { kind: 'truncated' }, 'invalid-body'],
    ['a body cut off with the connection', { kind: 'cut' }, 'connection'],
    ['a body without choices', { kind: 'empty-choices' }, 'invalid-body'],
  ] as const
  it.each(faults.flatMap(([what, fault, reason]) => (Object.keys(transports) as Transport[]).map((t) => [what, t, fault, reason] as const)))('retries after %s (over %s) and then returns the same text as an undisturbed call', async (_, transport, fault, reason) => {
    const expected = await client({}, undefined, transport).complete(request)
    server.reset()
    server.inject(fault)
    const retries: RetryEvent[] = []
    const r = await client({ retries: { attempts: 3, baseDelayMs: 5, timeoutMs: 500 }, onRetry: (e) => retries.push(e) }, undefined, transport).complete(request)
    expect(r.text).toBe(expected.text)
    expect(server.requests).toHaveLength(2)
    expect(retries.map((e) => e.reason)).toEqual([reason])
  })

  it('honours Retry-After on 429', async () => {
    server.inject({ kind: 'status', status: 429, retryAfter: '1' })
    const retries: RetryEvent[] = []
    const r = await client({ onRetry: (e) => retries.push(e) }).complete(request)
    expect(r.text.length).toBeGreaterThan(0)
    expect(retries.map((e) => [e.reason, e.status, e.delayMs])).toEqual([['rate-limit', 429, 1000]])
    expect(server.requests).toHaveLength(2)
  })

  it('gives up after the bounded attempts with an error naming the stage and the model', async () => {
    server.inject({ kind: 'status', status: 500 }, { kind: 'status', status: 502 }, { kind: 'status', status: 500 }, { kind: 'status', status: 500 })
    const error = await client().complete(request).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ProviderError)
    expect((error as Error).message).toMatch(/stage "answer" model "tiny-story" \(openai\) failed after 3 attempt\(s\) \[500, 502, 500\]/)
    expect(server.requests).toHaveLength(3)
  })

  it('a body that stays truncated fails clearly instead of returning empty text', async () => {
    server.inject({ kind: 'truncated' }, { kind: 'truncated' }, { kind: 'truncated' })
    await expect(client().complete(request)).rejects.toThrow(/failed after 3 attempt\(s\) \[invalid-body, invalid-body, invalid-body\].*invalid response body/)
  })

  it('does not retry a 400', async () => {
    server.inject({ kind: 'status', status: 400 })
    await expect(client().complete(request)).rejects.toThrow(/not retried: 400/)
    expect(server.requests).toHaveLength(1)
  })

  it('the SDK timeout of a hanging request is retried too', async () => {
    server.inject({ kind: 'hang' })
    const retries: RetryEvent[] = []
    const r = await client({ onRetry: (e) => retries.push(e) }, 300).complete(request)
    expect(r.text.length).toBeGreaterThan(0)
    expect(retries.map((e) => e.reason)).toEqual(['timeout'])
  })

  it('without an API key and without a base URL it fails at call time naming the model, with no network call', async () => {
    vi.stubEnv('OPENAI_API_KEY', '')
    vi.stubEnv('OPENAI_BASE_URL', '')
    const before = fetchCalls
    const provider = openai({ fetch: counting() })
    await expect(provider.chat({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }))
      .rejects.toThrow(/openai model "gpt-4o-mini" has no API key: set OPENAI_API_KEY/)
    expect(fetchCalls).toBe(before)
  })

  it('reads OPENAI_BASE_URL and OPENAI_API_KEY at call time', async () => {
    vi.stubEnv('OPENAI_BASE_URL', server.url)
    vi.stubEnv('OPENAI_API_KEY', 'sk-from-env')
    await openai().complete({ model: 'tiny-story', prompt: 'Hi', max_tokens: 2 })
    expect(server.requests[0]!.headers.authorization).toBe('Bearer sk-from-env')
  })
})

describe('openai() response size limit', () => {
  const c = (options: Parameters<typeof openai>[0] = {}) => openai({ baseURL: server.url, apiKey: 'sk-test', ...options })
  it.each([['a content-length', false], ['a chunked body', true]] as const)('refuses a response beyond maxResponseBytes (%s) with an error naming the request and the limit, not retried', async (_, chunked) => {
    server.inject({ kind: 'huge', bytes: 256 * 1024, chunked })
    const provider = c({ maxResponseBytes: 64 * 1024 })
    const pipeline = { name: 'openai-test', stages: [], models: { 'tiny-story': provider } }
    const llm = createLlmClientFactory(pipeline as never, { mode: 'off', retries: { attempts: 3, baseDelayMs: 5 } })(site(), () => {})
    const error = await llm.complete(request).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ProviderError)
    expect((error as Error).message).toContain(`POST ${server.url}/completions`)
    expect((error as Error).message).toContain('maxResponseBytes 65536')
    expect((error as Error).message).toMatch(/not retried/)
    expect(server.requests).toHaveLength(1)
  })

  it('has a default limit (16 MiB): a 20 MB answer is refused', async () => {
    server.inject({ kind: 'huge', bytes: 20 * 1024 * 1024, chunked: true })
    const error = await c().complete({ model: 'tiny-story', prompt: 'Hi', max_tokens: 2 }).catch((e: unknown) => e)
    expect((error as Error).message).toMatch(/larger than maxResponseBytes 16777216 \(16 MiB;/)
    expect(error).toBeInstanceOf(ProviderError)
  })

  it('a response within the limit is read whole', async () => {
    server.inject({ kind: 'huge', bytes: 200 * 1024 })
    const r = await c({ maxResponseBytes: 256 * 1024 }).complete({ model: 'tiny-story', prompt: 'Hi', max_tokens: 2 })
    expect(r.text.length).toBeGreaterThan(190 * 1024)
  })
})

describe('openai() authentication failures', () => {
  it('a 401 whose body echoes the credentials fails at once naming the endpoint; no message, stack, body or header of the chain holds the key', async () => {
    const key = `sk-echoed-${'x'.repeat(24)}`
    const headerKey = 'hk-0123456789abcdef'
    server.inject({ kind: 'echo-credentials', status: 401 })
    const provider = openai({ baseURL: server.url, apiKey: key, headers: { 'x-api-key': headerKey } })
    const pipeline = { name: 'openai-test', stages: [], models: { 'tiny-story': provider } }
    const llm = createLlmClientFactory(pipeline as never, { mode: 'off', retries: { attempts: 3, baseDelayMs: 5 } })(site(), () => {})
    const error = await llm.complete(request).catch((e: unknown) => e) as Error
    expect(error).toBeInstanceOf(ProviderError)
    expect(error.message).toContain(`${server.url} refused the credentials (401)`)
    expect(error.message).toContain('OPENAI_API_KEY')
    expect(error.message).toMatch(/not retried: 401/)
    expect(server.requests).toHaveLength(1)
    const chain: unknown[] = []
    for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause) chain.push(e)
    expect(chain.length).toBeGreaterThanOrEqual(3)
    const seen = JSON.stringify(chain.map((e) => ({ ...(e as object), message: (e as Error).message, stack: (e as Error).stack, headers: [...((e as { headers?: Headers }).headers?.entries?.() ?? [])] })))
    expect(seen).toContain('Incorrect API key provided')
    expect(seen).not.toContain(key)
    expect(seen).not.toContain(headerKey)
  })
})
