import { describe, expect, it } from 'vitest'
import { ProviderError } from '../errors.ts'
import { backoffDelay, resolveRetryOptions, withRetries } from './retry.ts'
import type { RetryEvent } from './retry.ts'

const target = { stage: 'answer', model: 'gpt-x', kind: 'openai' }
const fast = resolveRetryOptions({ attempts: 3, baseDelayMs: 1, maxDelayMs: 4 }, true)
const status = (s: number, headers?: Record<string, string>): Error => Object.assign(new Error(`HTTP ${s}`), { status: s, ...(headers ? { headers } : {}) })

function failing(...errors: unknown[]): { calls: number; fn: (signal: AbortSignal) => Promise<string> } {
  const state = {
    calls: 0,
    fn: async (): Promise<string> => {
      const e = errors[state.calls++]
      if (e !== undefined) throw e
      return 'ok'
    },
  }
  return state
}

describe('backoffDelay', () => {
  it('doubles per retry up to the cap, with half of it jittered', () => {
    const o = { baseDelayMs: 100, maxDelayMs: 1000 }
    expect([0, 1, 2, 3, 4].map((r) => backoffDelay(r, o, () => 0))).toEqual([50, 100, 200, 400, 500])
    expect([0, 1, 2, 3, 4].map((r) => backoffDelay(r, o, () => 1))).toEqual([100, 200, 400, 800, 1000])
  })
})

describe('withRetries', () => {
  it('retries retryable failures and returns the first success', async () => {
    const f = failing(status(500), status(429, { 'retry-after-ms': '3' }))
    const events: RetryEvent[] = []
    await expect(withRetries(f.fn, target, fast, new AbortController().signal, (e) => events.push(e))).resolves.toBe('ok')
    expect(f.calls).toBe(3)
    expect(events.map((e) => [e.attempt, e.reason, e.status])).toEqual([[1, 'server-error', 500], [2, 'rate-limit', 429]])
    expect(events[1]!.delayMs).toBe(3)
  })

  it('gives up after the bounded attempts with an error naming stage, model and the history', async () => {
    const f = failing(status(503), status(502), status(500), status(500))
    const error = await withRetries(f.fn, target, fast, new AbortController().signal).catch((e: unknown) => e)
    expect(f.calls).toBe(3)
    expect(error).toBeInstanceOf(ProviderError)
    expect((error as Error).message).toMatch(/stage "answer" model "gpt-x" \(openai\) failed after 3 attempt\(s\) \[503, 502, 500\]/)
  })

  it('does not retry a client error', async () => {
    const f = failing(status(400))
    await expect(withRetries(f.fn, target, fast, new AbortController().signal)).rejects.toThrow(/not retried: 400/)
    expect(f.calls).toBe(1)
  })

  it('fails at once when Retry-After exceeds maxRetryAfterMs', async () => {
    const f = failing(status(429, { 'retry-after': '3600' }))
    const o = resolveRetryOptions({ attempts: 5, maxRetryAfterMs: 10_000 }, true)
    await expect(withRetries(f.fn, target, o, new AbortController().signal)).rejects.toThrow(/retry after 3600000 ms, more than maxRetryAfterMs 10000/)
    expect(f.calls).toBe(1)
  })

  it('counts an attempt that exceeds timeoutMs as a timeout and retries it', async () => {
    let calls = 0
    const attempt = (signal: AbortSignal): Promise<string> => {
      calls++
      if (calls > 1) return Promise.resolve('second')
      return new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)))
    }
    const o = resolveRetryOptions({ attempts: 2, baseDelayMs: 1, timeoutMs: 20 }, true)
    const events: RetryEvent[] = []
    await expect(withRetries(attempt, target, o, new AbortController().signal, (e) => events.push(e))).resolves.toBe('second')
    expect(events.map((e) => e.reason)).toEqual(['timeout'])
  })

  it('stops on the caller\'s abort, also during the backoff, with the abort reason', async () => {
    const controller = new AbortController()
    const f = failing(status(500), status(500))
    const o = resolveRetryOptions({ attempts: 3, baseDelayMs: 60_000, maxDelayMs: 60_000 }, true)
    const pending = withRetries(f.fn, target, o, controller.signal, () => setTimeout(() => controller.abort(), 1))
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' })
    expect(f.calls).toBe(1)
  })

  it('retries: false means one attempt; network providers get a default timeout', () => {
    expect(resolveRetryOptions(false, true).attempts).toBe(1)
    expect(resolveRetryOptions(undefined, true)).toMatchObject({ attempts: 4, timeoutMs: 120_000 })
    expect(resolveRetryOptions(undefined, false).timeoutMs).toBeUndefined()
  })
})
