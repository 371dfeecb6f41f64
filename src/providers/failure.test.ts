import { describe, expect, it } from 'vitest'
import { classifyFailure, retryAfterMs } from './failure.ts'

const withProps = (message: string, props: Record<string, unknown>): Error => Object.assign(new Error(message), props)

describe('retryAfterMs', () => {
  it('reads retry-after-ms first, then Retry-After seconds or an HTTP date', () => {
    expect(retryAfterMs(new Headers({ 'retry-after-ms': '250', 'retry-after': '9' }))).toBe(250)
    expect(retryAfterMs(new Headers({ 'retry-after': '2' }))).toBe(2000)
    expect(retryAfterMs({ 'Retry-After': '1.5' })).toBe(1500)
    const now = Date.parse('2026-01-01T00:00:00Z')
    expect(retryAfterMs({ 'retry-after': 'Thu, 01 Jan 2026 00:00:03 GMT' }, now)).toBe(3000)
    expect(retryAfterMs({ 'retry-after': 'soon' })).toBeUndefined()
    expect(retryAfterMs(undefined)).toBeUndefined()
  })
})

describe('classifyFailure', () => {
  it('retries 429, 408 and 5xx with their Retry-After, not other statuses', () => {
    expect(classifyFailure(withProps('slow down', { status: 429, headers: new Headers({ 'retry-after': '1' }) })))
      .toEqual({ retryable: true, reason: 'rate-limit', status: 429, retryAfterMs: 1000 })
    expect(classifyFailure(withProps('x', { status: 503 }))).toEqual({ retryable: true, reason: 'server-error', status: 503 })
    expect(classifyFailure(withProps('x', { statusCode: 408 }))).toMatchObject({ retryable: true, reason: 'timeout' })
    expect(classifyFailure(withProps('bad', { status: 400 }))).toEqual({ retryable: false, status: 400 })
    expect(classifyFailure(withProps('no key', { status: 401 }))).toEqual({ retryable: false, status: 401 })
  })

  it('retries connection resets and timeouts found anywhere in the cause chain', () => {
    const reset = withProps('read ECONNRESET', { code: 'ECONNRESET' })
    expect(classifyFailure(new TypeError('fetch failed', { cause: reset }))).toMatchObject({ retryable: true, reason: 'connection' })
    expect(classifyFailure(withProps('wrapped', { cause: reset }))).toMatchObject({ retryable: true, reason: 'connection' })
    expect(classifyFailure(withProps('t', { name: 'TimeoutError' }))).toMatchObject({ retryable: true, reason: 'timeout' })
    expect(classifyFailure(new TypeError('terminated'))).toMatchObject({ retryable: true, reason: 'connection' })
  })

  it('honours an explicit retryable flag, and never retries aborts or plain errors', () => {
    expect(classifyFailure(withProps('bad body', { retryable: true, reason: 'invalid-body' }))).toMatchObject({ retryable: true, reason: 'invalid-body' })
    expect(classifyFailure(withProps('nope', { retryable: false, status: 503 }))).toEqual({ retryable: false, status: 503 })
    expect(classifyFailure(new DOMException('aborted', 'AbortError'))).toEqual({ retryable: false })
    expect(classifyFailure(new Error('bug'))).toEqual({ retryable: false })
    expect(classifyFailure('string')).toEqual({ retryable: false })
  })
})
