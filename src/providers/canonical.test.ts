import { describe, expect, it } from 'vitest'
import type { LlmProvider } from '../core/llm.ts'
import { canonicalRequest, requestDigest } from './canonical.ts'

const p: LlmProvider = { kind: 'openai', network: true }
const base = { model: 'gpt-x', prompt: 'Hello', temperature: 0.7, top_p: 0.9, seed: 4, max_tokens: 16 }
const digest = (r: object, sample = 0, occurrence = 0, provider: LlmProvider = p): string =>
  requestDigest(canonicalRequest(provider, 'complete', r as typeof base, sample, occurrence))

describe('canonical request digest', () => {
  it('ignores key order and undefined fields', () => {
    const reordered = { max_tokens: 16, seed: 4, top_p: 0.9, temperature: 0.7, prompt: 'Hello', model: 'gpt-x', stop: undefined }
    expect(digest(reordered)).toBe(digest(base))
  })

  it('changes with every sampling param, the prompt, the model, the sample, the occurrence, the provider and its identity', () => {
    const d = digest(base)
    const variants = [
      digest({ ...base, temperature: 0.8 }), digest({ ...base, top_p: 0.95 }), digest({ ...base, top_k: 40 }),
      digest({ ...base, seed: 5 }), digest({ ...base, max_tokens: 17 }), digest({ ...base, stop: ['\n'] }),
      digest({ ...base, prompt: 'Hello!' }), digest({ ...base, model: 'gpt-y' }), digest({ ...base, response_format: { type: 'json_object' } }),
      digest(base, 1), digest(base, 0, 1), digest(base, 0, 0, { kind: 'local' }),
      digest(base, 0, 0, { ...p, identity: { upstream: 'gpt-x-2025' } } as LlmProvider),
    ]
    expect(new Set([d, ...variants]).size).toBe(variants.length + 1)
  })

  it('distinguishes complete from chat', () => {
    const chat = requestDigest(canonicalRequest(p, 'chat', { model: 'gpt-x', messages: [{ role: 'user', content: 'Hello' }] }, 0, 0))
    const complete = requestDigest(canonicalRequest(p, 'complete', { model: 'gpt-x', prompt: 'Hello' }, 0, 0))
    expect(chat).not.toBe(complete)
  })
})
