import { ProviderError } from '../errors.ts'

/** The largest response body `openai()` reads by default: 16 MiB, far above any completion, far below a runaway one. */
export const DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024

// The errors this module made; their class and code stay those of every provider error.
const tooLargeErrors = new WeakSet<object>()

const mib = (bytes: number): string => `${Math.round((bytes / 1024 / 1024) * 100) / 100} MiB`

function tooLarge(method: string, url: URL, maxBytes: number, seen: string): ProviderError {
  const error = Object.assign(new ProviderError(
    `the response to ${method} ${url.origin}${url.pathname} is larger than maxResponseBytes ${maxBytes} (${mib(maxBytes)}; ${seen}); ` +
    'it was not read further nor recorded. Check the endpoint, or raise openai({ maxResponseBytes }) if such answers are expected',
    { component: 'providers' },
  ), { retryable: false })
  tooLargeErrors.add(error)
  return error
}

/** The size-limit error in an error's cause chain (the SDK wraps what the transport throws). */
export function responseTooLarge(error: unknown): ProviderError | undefined {
  let e: unknown = error
  for (let depth = 0; depth < 6 && e !== null && typeof e === 'object'; depth++) {
    if (e instanceof ProviderError && tooLargeErrors.has(e)) return e
    e = (e as { cause?: unknown }).cause
  }
  return undefined
}

/**
 * Wraps a `fetch` so that no response body beyond `maxBytes` is read: a
 * larger `content-length` rejects at once, and a body without one errors its
 * stream as soon as it passes the limit. Memory stays bounded and nothing
 * oversized reaches a cassette.
 *
 * @example
 * const limited = limitResponses(nodeFetch, DEFAULT_MAX_RESPONSE_BYTES)
 */
export function limitResponses(fetchFn: typeof fetch, maxBytes: number): typeof fetch {
  return async (input, init) => {
    const response = await fetchFn(input, init)
    const url = new URL(response.url || (typeof input === 'string' || input instanceof URL ? String(input) : input.url))
    const method = (init?.method ?? 'GET').toUpperCase()
    const declared = Number(response.headers.get('content-length'))
    if (Number.isFinite(declared) && declared > maxBytes) {
      await response.body?.cancel().catch(() => {})
      throw tooLarge(method, url, maxBytes, `content-length ${declared}`)
    }
    // A declared length within the limit bounds the body already (the HTTP
    // parser reads no further), unless it is encoded: then only counting the
    // decoded bytes does.
    if (!response.body || (Number.isFinite(declared) && response.headers.get('content-length') !== null && !response.headers.has('content-encoding'))) return response
    let read = 0
    const counted = response.body.pipeThrough(new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        read += chunk.byteLength
        if (read > maxBytes) controller.error(tooLarge(method, url, maxBytes, `more than ${read} bytes sent`))
        else controller.enqueue(chunk)
      },
    }))
    const limited = new Response(counted, { status: response.status, statusText: response.statusText, headers: response.headers })
    Object.defineProperty(limited, 'url', { value: response.url })
    return limited
  }
}
