import { afterEach, describe, expect, it, vi } from 'vitest'
import { redactError, redactSecrets, redactValue, registerSecret } from './redact.ts'

afterEach(() => vi.unstubAllEnvs())

describe('redactSecrets', () => {
  it('replaces registered keys, credential environment values and token shapes, and leaves ordinary text', () => {
    registerSecret('local-registered-key-123')
    vi.stubEnv('SOME_SERVICE_TOKEN', 'tok_0123456789abcdef')
    const text = [
      'key local-registered-key-123 rejected',
      'env tok_0123456789abcdef seen',
      'Authorization: Bearer abc.def-ghi_jkl',
      'Incorrect API key provided: sk-proj-ABCDEFGHIJKLMNOPQRSTUV',
      '{"x-api-key": "k-9f8e7d6c5b"}',
      'GET https://user:hunter22@example.com/v1?api_key=qwertyuiop',
      'promptTokens 12, a cookie recipe, the Bearer of news',
    ].join('\n')
    const out = redactSecrets(text)
    for (const secret of ['local-registered-key-123', 'tok_0123456789abcdef', 'abc.def-ghi_jkl', 'ABCDEFGHIJKLMNOPQRSTUV', 'k-9f8e7d6c5b', 'hunter22', 'qwertyuiop']) {
      expect(out).not.toContain(secret)
    }
    expect(out).toContain('promptTokens 12, a cookie recipe, the Bearer of news')
    expect(out).toContain('Bearer [redacted]')
  })

  it('ignores values too short to be keys', () => {
    registerSecret('k')
    vi.stubEnv('SKIP_AUTH', 'false')
    expect(redactSecrets('keep false k')).toBe('keep false k')
  })
})

describe('redactValue and redactError', () => {
  it('copies a record with strings redacted and credential fields replaced, keeping numbers and names', () => {
    const record = { message: 'Bearer sk-aaaaaaaaaaaaaaaaaaaa', usage: { promptTokens: 3 }, headers: { authorization: 'x', accept: 'json' }, list: ['sk-bbbbbbbbbbbbbbbbbbbbbb'] }
    expect(redactValue(record)).toEqual({ message: 'Bearer [redacted]', usage: { promptTokens: 3 }, headers: { authorization: '[redacted]', accept: 'json' }, list: ['sk-[redacted]'] })
    expect(record.message).toBe('Bearer sk-aaaaaaaaaaaaaaaaaaaa')
  })

  it('redacts an error chain in place (message, stack, body, headers) and keeps status and class', () => {
    const body = { error: { message: 'bad key Bearer sk-cccccccccccccccccccc' } }
    const inner = Object.assign(new TypeError('401 Bearer sk-cccccccccccccccccccc'), { status: 401, error: body, headers: new Headers({ 'x-echo-key': 'sk-cccccccccccccccccccc', 'retry-after': '2' }) })
    const outer = new Error('wrapped: 401 Bearer sk-cccccccccccccccccccc', { cause: inner })
    expect(redactError(outer)).toBe(outer)
    const all = JSON.stringify({ m: outer.message, s: outer.stack, im: inner.message, is: inner.stack, e: inner.error, h: [...inner.headers] })
    expect(all).not.toContain('cccccccccccc')
    expect(inner).toBeInstanceOf(TypeError)
    expect(inner.status).toBe(401)
    expect(inner.headers.get('retry-after')).toBe('2')
  })
})
