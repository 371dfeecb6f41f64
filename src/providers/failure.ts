/** Why a failed call may be tried again. */
export type RetryReason = 'rate-limit' | 'server-error' | 'timeout' | 'connection' | 'invalid-body'

/** What a failed call means for retrying. */
export type Failure =
  | { retryable: true; reason: RetryReason; status?: number; retryAfterMs?: number }
  | { retryable: false; status?: number }

const CONNECTION_CODES = new Set([
  'ECONNRESET', 'ECONNREFUSED', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH',
  'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CLOSED',
])

function nameOf(e: object): string {
  const n = (e as { name?: unknown }).name
  const ctor = (e as { constructor?: { name?: unknown } }).constructor?.name
  return `${typeof n === 'string' ? n : ''} ${typeof ctor === 'string' ? ctor : ''}`
}

function header(headers: unknown, name: string): string | undefined {
  if (!headers || typeof headers !== 'object') return undefined
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === name) return Array.isArray(v) ? String(v[0]) : String(v)
  return undefined
}

/**
 * Reads `retry-after-ms` or `Retry-After` (seconds or an HTTP date) from
 * response headers (a `Headers` or a plain record); `undefined` when absent or unreadable.
 *
 * @example
 * retryAfterMs(new Headers({ 'retry-after': '2' })) // 2000
 */
export function retryAfterMs(headers: unknown, now = Date.now()): number | undefined {
  const ms = header(headers, 'retry-after-ms')
  if (ms !== undefined && Number.isFinite(Number.parseFloat(ms))) return Math.max(0, Number.parseFloat(ms))
  const ra = header(headers, 'retry-after')?.trim()
  if (ra === undefined || ra === '') return undefined
  if (/^\d+(\.\d+)?$/.test(ra)) return Number.parseFloat(ra) * 1000
  const date = Date.parse(ra)
  return Number.isNaN(date) ? undefined : Math.max(0, date - now)
}

/**
 * Classifies an error thrown by a provider. Works by shape, not by class, so
 * that the `openai` SDK's errors, fetch errors and custom providers' errors
 * (with a numeric `status`, `headers`, a `code` such as `ECONNRESET`, or an
 * explicit boolean `retryable`) are all understood.
 *
 * @example
 * classifyFailure(Object.assign(new Error('slow down'), { status: 429 })) // { retryable: true, reason: 'rate-limit', status: 429 }
 */
export function classifyFailure(error: unknown): Failure {
  let e: unknown = error
  for (let depth = 0; depth < 6 && e !== null && typeof e === 'object'; depth++) {
    const o = e as { retryable?: unknown; reason?: unknown; status?: unknown; statusCode?: unknown; headers?: unknown; code?: unknown; message?: unknown; cause?: unknown }
    const status = typeof o.status === 'number' ? o.status : typeof o.statusCode === 'number' ? o.statusCode : undefined
    if (typeof o.retryable === 'boolean') {
      if (!o.retryable) return { retryable: false, ...(status !== undefined ? { status } : {}) }
      const reason = typeof o.reason === 'string' ? (o.reason as RetryReason) : 'server-error'
      return withRetryAfter({ retryable: true, reason, ...(status !== undefined ? { status } : {}) }, o.headers)
    }
    if (status !== undefined) {
      if (status === 429) return withRetryAfter({ retryable: true, reason: 'rate-limit', status }, o.headers)
      if (status === 408) return withRetryAfter({ retryable: true, reason: 'timeout', status }, o.headers)
      if (status >= 500 && status <= 599) return withRetryAfter({ retryable: true, reason: 'server-error', status }, o.headers)
      return { retryable: false, status }
    }
    const name = nameOf(o)
    if (/APIUserAbortError|AbortError/.test(name)) return { retryable: false }
    if (/TimeoutError|APIConnectionTimeoutError/.test(name)) return { retryable: true, reason: 'timeout' }
    if (typeof o.code === 'string' && CONNECTION_CODES.has(o.code)) return { retryable: true, reason: o.code.includes('TIMEOUT') || o.code === 'ETIMEDOUT' ? 'timeout' : 'connection' }
    if (/APIConnectionError/.test(name)) return { retryable: true, reason: 'connection' }
    if (name.includes('TypeError') && /^(fetch failed|terminated)$/.test(String(o.message))) return { retryable: true, reason: 'connection' }
    e = o.cause
  }
  return { retryable: false }
}

function withRetryAfter(f: Extract<Failure, { retryable: true }>, headers: unknown): Failure {
  const after = retryAfterMs(headers)
  return after === undefined ? f : { ...f, retryAfterMs: after }
}
