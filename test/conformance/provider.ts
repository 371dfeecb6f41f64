import { describe, expect, it } from 'vitest'
import type { CompletionRequest, CompletionResult, LlmProvider } from 'vitest-butterfly'

/** What a provider contract run needs. */
export interface ProviderSubject {
  provider: LlmProvider
  /** Model id to call. */
  model: string
  /** A request that takes long enough to be aborted while it runs. */
  slow?: Omit<CompletionRequest, 'model'>
  /** Credentials the provider was configured with: none may appear in its identity. */
  secrets?: string[]
}

function expectResult(r: CompletionResult, maxTokens: number): void {
  expect(typeof r.text).toBe('string')
  expect(r.text.length).toBeGreaterThan(0)
  expect(typeof r.finishReason).toBe('string')
  expect(typeof r.model).toBe('string')
  expect(Number.isInteger(r.usage.promptTokens)).toBe(true)
  expect(Number.isInteger(r.usage.completionTokens)).toBe(true)
  expect(r.usage.promptTokens).toBeGreaterThan(0)
  expect(r.usage.completionTokens).toBeGreaterThan(0)
  expect(r.usage.completionTokens).toBeLessThanOrEqual(maxTokens)
}

/**
 * The contract every provider keeps: result shape and usage, chat, the same
 * request and seed giving the same text, the seed mattering, and
 * cancellation through the call's signal.
 */
export function describeProviderContract(name: string, subject: () => ProviderSubject | Promise<ProviderSubject>): void {
  describe(`provider contract: ${name}`, () => {
    it('complete() returns text, a finish reason, the model and token usage within max_tokens', async () => {
      const { provider, model } = await subject()
      const r = await provider.complete!({ model, prompt: 'Once upon a time', temperature: 0.8, top_p: 0.9, seed: 1, max_tokens: 6 })
      expectResult(r, 6)
    })

    it('chat() returns the same shape', async () => {
      const { provider, model } = await subject()
      const r = await provider.chat!({ model, messages: [{ role: 'system', content: 'You tell stories.' }, { role: 'user', content: 'A story about a cat.' }], temperature: 0.8, seed: 2, max_tokens: 6 })
      expectResult(r, 6)
    })

    it('the same request with the same seed gives the same text; the seed is honoured', async () => {
      const { provider, model } = await subject()
      const request = { model, prompt: 'The little dog', temperature: 1, top_p: 0.95, seed: 11, max_tokens: 8 }
      const a = await provider.complete!(request)
      const b = await provider.complete!({ ...request })
      expect(b.text).toBe(a.text)
      const texts = new Set<string>()
      for (let seed = 1; seed <= 6; seed++) texts.add((await provider.complete!({ ...request, seed })).text)
      expect(texts.size).toBeGreaterThan(1)
    })

    it('its identity (part of cache keys and cassette digests) is flat, JSON-stable and holds no credential or machine path', async () => {
      const { provider, secrets = [] } = await subject()
      const identity = provider.identity ?? {}
      for (const value of Object.values(identity)) expect(['string', 'number', 'boolean']).toContain(typeof value)
      expect(JSON.parse(JSON.stringify(identity))).toEqual(identity)
      const text = JSON.stringify(identity)
      for (const secret of secrets) expect(text).not.toContain(secret)
      expect(text).not.toContain(process.cwd())
    })

    it('an aborted signal rejects the call, before and during it', async () => {
      const { provider, model, slow } = await subject()
      const before = new AbortController()
      before.abort()
      await expect(provider.complete!({ model, prompt: 'Once', max_tokens: 4 }, { signal: before.signal })).rejects.toMatchObject({ name: 'AbortError' })
      const during = new AbortController()
      const call = provider.complete!({ model, prompt: 'Once upon a time', max_tokens: 2000, temperature: 1, ...slow }, { signal: during.signal })
      setTimeout(() => during.abort(), 1)
      await expect(call).rejects.toMatchObject({ name: 'AbortError' })
    })
  })
}
