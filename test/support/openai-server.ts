import { createServer } from 'node:http'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { ChatMessage, CompletionResult, LlmProvider } from 'vitest-butterfly'
import { local } from 'vitest-butterfly/providers'

/** A misbehaviour the server shows for one request (faults are consumed in order). */
export type Fault =
  | { kind: 'status'; status: number; retryAfter?: string; retryAfterMs?: string }
  /** Never answers (until the server closes). */
  | { kind: 'hang' }
  /** 200 with a well-framed body that is cut-off JSON. */
  | { kind: 'truncated' }
  /** 200 whose body stops half way and the connection drops. */
  | { kind: 'cut' }
  /** The connection is destroyed before any answer. */
  | { kind: 'reset' }
  /** 200 with valid JSON that has no choices. */
  | { kind: 'empty-choices' }
  /** 200 with a valid completion body of about `bytes` bytes, with a content-length or chunked. */
  | { kind: 'huge'; bytes: number; chunked?: boolean }
  /** The status, with a JSON error body that quotes the request's credentials back (as some servers do). */
  | { kind: 'echo-credentials'; status: number }
  /** A redirect to `location` (absolute or relative). */
  | { kind: 'redirect'; status: 301 | 302 | 303 | 307 | 308; location: string }

/** One request as the server received it. */
export interface ReceivedRequest {
  path: string
  body: Record<string, unknown>
  headers: IncomingMessage['headers']
}

/** A running OpenAI-compatible test server. */
export interface OpenAIServer {
  /** Base URL including `/v1`. */
  url: string
  requests: ReceivedRequest[]
  /** Requests being handled now, and the most ever handled at once. */
  stats: { inFlight: number; maxInFlight: number }
  /** Added to every request before it is answered. */
  latencyMs: number
  /** Queues faults; each request consumes the next one. */
  inject(...faults: Fault[]): void
  reset(): void
  close(): Promise<void>
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

function sampling(body: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const k of ['temperature', 'top_p', 'top_k', 'seed', 'max_tokens'] as const) if (body[k] !== undefined) out[k] = body[k]
  if (body.stop !== undefined) out.stop = Array.isArray(body.stop) ? body.stop : [body.stop]
  return out
}

function answer(path: string, model: string, r: CompletionResult): Record<string, unknown> {
  const usage = { prompt_tokens: r.usage.promptTokens, completion_tokens: r.usage.completionTokens, total_tokens: r.usage.promptTokens + r.usage.completionTokens }
  const choice = path.endsWith('/chat/completions')
    ? { index: 0, message: { role: 'assistant', content: r.text }, finish_reason: r.finishReason }
    : { index: 0, text: r.text, finish_reason: r.finishReason, logprobs: null }
  return { id: 'cmpl-test', object: path.endsWith('/chat/completions') ? 'chat.completion' : 'text_completion', created: 0, model, choices: [choice], usage }
}

// A valid completion whose text fills `bytes`, written 64 KiB at a time with backpressure.
function sendHuge(res: ServerResponse, bytes: number, chunked: boolean): void {
  const head = '{"id":"cmpl-huge","object":"text_completion","model":"m","choices":[{"index":0,"finish_reason":"length","text":"'
  const tail = '"}],"usage":{"prompt_tokens":1,"completion_tokens":1}}'
  const fill = Math.max(0, bytes - head.length - tail.length)
  res.writeHead(200, { 'content-type': 'application/json', ...(chunked ? {} : { 'content-length': String(head.length + fill + tail.length) }) })
  res.write(head)
  const chunk = 'a'.repeat(65_536)
  let left = fill
  const pump = (): void => {
    if (res.destroyed) return
    while (left > 0) {
      const part = left >= chunk.length ? chunk : chunk.slice(0, left)
      left -= part.length
      if (!res.write(part)) return void res.once('drain', pump)
    }
    res.end(tail)
  }
  pump()
}

/**
 * Starts an OpenAI-compatible server on 127.0.0.1 (a free port) that serves
 * `provider` (the local tiny model by default, so sampling is real) behind
 * `/v1/completions` and `/v1/chat/completions`, with fault injection.
 * `port` pins the port (a recording script's endpoint must not change).
 */
export async function startOpenAIServer(options: { provider?: LlmProvider; latencyMs?: number; port?: number } = {}): Promise<OpenAIServer> {
  const provider = options.provider ?? local()
  const faults: Fault[] = []
  const requests: ReceivedRequest[] = []
  const stats = { inFlight: 0, maxInFlight: 0 }

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = req.url ?? ''
    const body = JSON.parse((await readBody(req)) || '{}') as Record<string, unknown>
    requests.push({ path, body, headers: req.headers })
    const fault = faults.shift()
    if (fault?.kind === 'reset') return void req.socket.destroy()
    if (fault?.kind === 'hang') return
    if (fault?.kind === 'redirect') return void res.writeHead(fault.status, { location: fault.location }).end()
    if (fault?.kind === 'echo-credentials') {
      const quoted = `authorization ${String(req.headers.authorization)}, x-api-key ${String(req.headers['x-api-key'])}`
      res.writeHead(fault.status, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: `Incorrect API key provided (${quoted})`, type: 'invalid_request_error' } }))
      return
    }
    if (fault?.kind === 'huge') return void sendHuge(res, fault.bytes, fault.chunked === true)
    if (server.latencyMs > 0) await sleep(server.latencyMs)
    if (fault?.kind === 'status') {
      const headers: Record<string, string> = { 'content-type': 'application/json' }
      if (fault.retryAfter !== undefined) headers['retry-after'] = fault.retryAfter
      if (fault.retryAfterMs !== undefined) headers['retry-after-ms'] = fault.retryAfterMs
      res.writeHead(fault.status, headers).end(JSON.stringify({ error: { message: `injected ${fault.status}`, type: 'test_fault' } }))
      return
    }
    const gone = new AbortController()
    res.on('close', () => { if (!res.writableFinished) gone.abort() })
    const model = String(body.model)
    let result: CompletionResult
    try {
      result = path.endsWith('/chat/completions')
        ? await provider.chat!({ model, messages: body.messages as ChatMessage[], ...sampling(body) }, { signal: gone.signal })
        : await provider.complete!({ model, prompt: String(body.prompt), ...sampling(body) }, { signal: gone.signal })
    } catch (error) {
      if (!res.headersSent && !gone.signal.aborted) res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: String(error) } }))
      return
    }
    const json = JSON.stringify(fault?.kind === 'empty-choices' ? { ...answer(path, model, result), choices: [] } : answer(path, model, result))
    if (fault?.kind === 'truncated') {
      const cut = json.slice(0, Math.floor(json.length / 2))
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(cut) }).end(cut)
      return
    }
    if (fault?.kind === 'cut') {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) })
      res.write(json.slice(0, 20), () => req.socket.destroy())
      return
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(json)
  }

  const http = createServer((req, res) => {
    stats.inFlight++
    stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight)
    let counted = true
    const done = (): void => {
      if (counted) stats.inFlight--
      counted = false
    }
    res.on('close', done)
    handle(req, res).catch(() => res.destroy())
  })
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject)
    http.listen(options.port ?? 0, '127.0.0.1', resolve)
  })
  const { port } = http.address() as AddressInfo

  const server: OpenAIServer = {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    stats,
    latencyMs: options.latencyMs ?? 0,
    inject: (...f) => void faults.push(...f),
    reset() {
      faults.length = 0
      requests.length = 0
      stats.maxInFlight = stats.inFlight
    },
    close: () => new Promise<void>((resolve) => {
      http.closeAllConnections()
      http.close(() => resolve())
    }),
  }
  return server
}
