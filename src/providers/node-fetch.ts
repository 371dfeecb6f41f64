import http from 'node:http'
import type { IncomingMessage } from 'node:http'
import https from 'node:https'

// Keep-alive with no socket cap: the run's per-model limiter already bounds the
// calls in flight. Idle sockets close after 4 s, before the 5 s keep-alive
// timeout of common servers, so a reused socket is rarely one the server just closed.
const agents: Record<string, http.Agent> = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: Number.POSITIVE_INFINITY, timeout: 4_000 }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: Number.POSITIVE_INFINITY, timeout: 4_000 }),
}
const platformFetch = globalThis.fetch
const UNSUPPORTED = Symbol('unsupported body')
const REDIRECTS = new Set([301, 302, 303, 307, 308])
// The only headers that follow a redirect to another origin. Everything else
// (authorization, proxy-authorization, cookie, x-api-key, api-key, any custom
// header a gateway reads as a credential) stays with the origin it was meant for.
const CROSS_ORIGIN_HEADERS = new Set([
  'accept', 'accept-encoding', 'accept-language', 'content-type', 'content-length', 'content-encoding', 'content-language', 'user-agent',
])

function payload(body: RequestInit['body']): string | Uint8Array | undefined | typeof UNSUPPORTED {
  if (body === undefined || body === null) return undefined
  if (typeof body === 'string') return body
  if (body instanceof ArrayBuffer) return new Uint8Array(body)
  if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength)
  return UNSUPPORTED
}

const aborted = (signal: AbortSignal): unknown => signal.reason ?? new DOMException('This operation was aborted', 'AbortError')

/**
 * A `fetch` over `node:http`/`node:https` with keep-alive agents: the default
 * transport of {@link openai}. It costs about half the CPU per call of the
 * platform's (undici) `fetch`, which matters when many calls are in flight on
 * a small machine. It handles what the SDK sends (a URL, method, headers, a
 * string or byte body, an `AbortSignal`) and streams the response body;
 * anything else (a `Request`, a stream or form body, other protocols) goes to
 * `globalThis.fetch`. Failures reject like fetch: `TypeError('fetch failed')`
 * with the socket error as `cause`, an abort with the signal's reason, a body
 * cut short errors its stream with `TypeError('terminated')`. Redirects are
 * followed; one to another origin (scheme, host or port) carries only
 * content and accept headers, never credentials or custom headers.
 *
 * @example
 * const counting: typeof fetch = (input, init) => { calls++; return nodeFetch(input, init) }
 * openai({ fetch: counting })
 */
export const nodeFetch: typeof fetch = (input, init) => {
  const url = typeof input === 'string' ? new URL(input) : input instanceof URL ? input : undefined
  const body = payload(init?.body)
  if (!url || !agents[url.protocol] || body === UNSUPPORTED) return platformFetch(input, init)
  return send(url, (init?.method ?? 'GET').toUpperCase(), new Headers(init?.headers), body, init?.signal ?? undefined, init?.redirect ?? 'follow', 0)
}

const terminated = (cause: unknown): TypeError => new TypeError('terminated', { cause })

function send(url: URL, method: string, headers: Headers, body: string | Uint8Array | undefined, signal: AbortSignal | undefined, redirect: NonNullable<RequestInit['redirect']>, hops: number): Promise<Response> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(aborted(signal))
    const agent = agents[url.protocol]
    if (!agent) return reject(new TypeError('fetch failed', { cause: new Error(`unsupported protocol ${url.protocol}`) }))
    const outgoing: Record<string, string> = {}
    headers.forEach((value, name) => { outgoing[name] = value })
    if (body !== undefined) outgoing['content-length'] = String(typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength)
    // Settles the call once: before the response the promise, after it the body stream.
    let stream: ReadableStreamDefaultController<Uint8Array> | undefined
    let settled = false
    const finish = (error?: unknown): void => {
      if (settled) return
      settled = true
      signal?.removeEventListener('abort', onAbort)
      if (error === undefined) stream?.close()
      else if (stream) stream.error(error)
      else reject(error)
    }
    const onAbort = (): void => {
      finish(aborted(signal!))
      request.destroy()
    }
    const request = (url.protocol === 'https:' ? https : http).request(url, { method, headers: outgoing, agent }, (res) => {
      const status = res.statusCode ?? 0
      const location = res.headers.location
      if (redirect !== 'manual' && REDIRECTS.has(status) && location !== undefined) {
        res.resume()
        settled = true
        signal?.removeEventListener('abort', onAbort)
        if (redirect === 'error' || hops >= 20) return reject(new TypeError('fetch failed', { cause: new Error(`redirect to ${location} not followed`) }))
        const next = new URL(location, url)
        const toGet = status === 303 ? method !== 'HEAD' : (status === 301 || status === 302) && method === 'POST'
        if (toGet) for (const name of ['content-type', 'content-length', 'content-encoding', 'content-language', 'content-location']) headers.delete(name)
        if (next.origin !== url.origin) for (const name of [...headers.keys()]) if (!CROSS_ORIGIN_HEADERS.has(name)) headers.delete(name)
        return resolve(send(next, toGet ? 'GET' : method, headers, toGet ? undefined : body, signal, redirect, hops + 1))
      }
      const received = new Headers()
      for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) received.append(res.rawHeaders[i]!, res.rawHeaders[i + 1]!)
      const empty = method === 'HEAD' || status === 204 || status === 205 || status === 304
      let response: Response
      try {
        response = new Response(empty ? null : new ReadableStream<Uint8Array>({
          start: (controller) => { stream = controller },
          pull: () => void res.resume(),
          cancel: () => { finish(); res.destroy() },
        }), { status, statusText: res.statusMessage ?? '', headers: received })
      } catch (error) {
        stream = undefined
        finish(new TypeError('fetch failed', { cause: error }))
        return void res.destroy()
      }
      Object.defineProperty(response, 'url', { value: url.href })
      res.on('data', (chunk: Buffer) => {
        if (settled || !stream) return
        stream.enqueue(chunk)
        if ((stream.desiredSize ?? 1) <= 0) res.pause()
      })
      if (empty) res.resume()
      res.once('end', () => finish())
      res.once('error', (error) => finish(terminated(error)))
      res.once('close', () => {
        if (!res.complete) finish(terminated(Object.assign(new Error('the connection closed before the body was complete'), { code: 'ECONNRESET' })))
      })
      resolve(response)
    })
    request.on('error', (error) => finish(stream ? terminated(error) : new TypeError('fetch failed', { cause: error })))
    signal?.addEventListener('abort', onAbort, { once: true })
    request.end(body)
  })
}
