import { getEventListeners } from 'node:events'
import { createServer } from 'node:http'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { classifyFailure } from './failure.ts'
import { nodeFetch } from './node-fetch.ts'

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void
interface Seen { method: string; url: string; headers: IncomingMessage['headers']; body: string; port: number }

let server: Server
let base: string
let handler: Handler
const seen: Seen[] = []

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = ''
    req.setEncoding('utf8').on('data', (c: string) => { body += c }).on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body, port: req.socket.remotePort ?? 0 })
      handler(req, res, body)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

function serve(h: Handler): void {
  seen.length = 0
  handler = h
}
const echo: Handler = (req, res, body) => res.writeHead(201, 'Made', { 'set-cookie': ['a=1', 'b=2'], 'x-seen': `${req.method} ${req.headers['content-type']} ${req.headers['content-length']}` }).end(`echo:${body}`)

describe('nodeFetch', () => {
  it('sends method, headers and a string or byte body; returns status, status text, headers, body and url', async () => {
    serve(echo)
    const r = await nodeFetch(`${base}/a?q=1`, { method: 'post', headers: new Headers({ 'Content-Type': 'application/json', Authorization: 'Bearer k' }), body: '{"é":1}' })
    expect([r.status, r.statusText, r.ok, r.url]).toEqual([201, 'Made', true, `${base}/a?q=1`])
    expect(r.headers.get('x-seen')).toBe(`POST application/json ${Buffer.byteLength('{"é":1}')}`)
    expect(r.headers.getSetCookie()).toEqual(['a=1', 'b=2'])
    expect(await r.text()).toBe('echo:{"é":1}')
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/a?q=1', body: '{"é":1}' })
    expect(seen[0]!.headers.authorization).toBe('Bearer k')
    const bytes = await nodeFetch(new URL(`${base}/b`), { method: 'PUT', body: new TextEncoder().encode('bytes').subarray(1, 4) })
    expect(await bytes.text()).toBe('echo:yte')
  })

  it('keeps one socket alive across calls, and opens as many as there are calls in flight', async () => {
    serve(echo)
    for (let i = 0; i < 3; i++) await (await nodeFetch(`${base}/k`)).text()
    expect(new Set(seen.map((s) => s.port)).size).toBe(1)
    // The server answers only once all 24 are in: a capped pool would never get there.
    const held: ServerResponse[] = []
    serve((_, res) => {
      held.push(res)
      if (held.length === 24) for (const h of held) h.end('ok')
    })
    const texts = await Promise.all(Array.from({ length: 24 }, async () => (await nodeFetch(`${base}/many`)).text()))
    expect(texts).toEqual(Array.from({ length: 24 }, () => 'ok'))
    expect(new Set(seen.map((s) => s.port)).size).toBe(24)
  })

  it('resolves at the headers and streams the body as it arrives', async () => {
    let rest: () => void = () => {}
    serve((_, res) => {
      res.writeHead(200).write('first;')
      rest = () => res.end('second')
    })
    const r = await nodeFetch(`${base}/stream`)
    const reader = r.body!.getReader()
    const first = await reader.read()
    expect(Buffer.from(first.value!).toString()).toBe('first;')
    rest()
    let text = ''
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) text += Buffer.from(chunk.value).toString()
    expect(text).toBe('second')
  })

  it('an abort rejects with the signal\'s reason before the call, while waiting and while reading, and leaves no listener', async () => {
    serve(echo)
    const before = new AbortController()
    before.abort()
    await expect(nodeFetch(`${base}/x`, { signal: before.signal })).rejects.toMatchObject({ name: 'AbortError' })
    expect(seen).toHaveLength(0)

    let closed: Promise<void> = Promise.resolve()
    serve((req) => { closed = new Promise((resolve) => req.socket.once('close', () => resolve())) })
    const waiting = new AbortController()
    const call = nodeFetch(`${base}/hang`, { signal: waiting.signal })
    while (seen.length === 0) await new Promise((resolve) => setTimeout(resolve, 1))
    waiting.abort()
    await expect(call).rejects.toMatchObject({ name: 'AbortError' })
    await closed
    expect(getEventListeners(waiting.signal, 'abort')).toHaveLength(0)

    serve((_, res) => void res.writeHead(200).write('part'))
    const reading = new AbortController()
    const r = await nodeFetch(`${base}/part`, { signal: reading.signal })
    const reader = r.body!.getReader()
    await reader.read()
    reading.abort(new Error('stop'))
    await expect(reader.read()).rejects.toThrow('stop')

    serve(echo)
    const done = new AbortController()
    await (await nodeFetch(`${base}/done`, { signal: done.signal })).text()
    expect(getEventListeners(done.signal, 'abort')).toHaveLength(0)
  })

  it('a refused connection rejects like fetch; a body cut short errors the stream; both are retryable connection failures', async () => {
    const error = await nodeFetch('http://127.0.0.1:1/').catch((e: unknown) => e)
    expect(error).toMatchObject({ name: 'TypeError', message: 'fetch failed', cause: { code: 'ECONNREFUSED' } })
    expect(classifyFailure(error)).toEqual({ retryable: true, reason: 'connection' })

    serve((req, res) => {
      res.writeHead(200, { 'content-length': '100' })
      res.write('{"choices":', () => req.socket.destroy())
    })
    const r = await nodeFetch(`${base}/cut`)
    const cut = await r.text().catch((e: unknown) => e)
    expect(cut).toMatchObject({ name: 'TypeError', message: 'terminated' })
    expect(classifyFailure(cut)).toEqual({ retryable: true, reason: 'connection' })
  })

  it('a 204 and a HEAD have no body', async () => {
    serve((_, res) => res.writeHead(204).end())
    expect((await nodeFetch(`${base}/none`)).body).toBeNull()
    serve((_, res) => res.writeHead(200, { 'content-length': '5' }).end())
    const head = await nodeFetch(`${base}/head`, { method: 'HEAD' })
    expect([head.status, head.body, head.headers.get('content-length')]).toEqual([200, null, '5'])
  })

  it('follows redirects as fetch does: 302 turns a POST into a GET, 307 keeps method and body; manual returns the 3xx', async () => {
    serve((req, res, body) => {
      if (req.url === '/302') return void res.writeHead(302, { location: '/target' }).end()
      if (req.url === '/307') return void res.writeHead(307, { location: `${base}/target` }).end()
      res.end(`${req.method}:${body}`)
    })
    const init = { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'payload' }
    expect(await (await nodeFetch(`${base}/302`, init)).text()).toBe('GET:')
    expect(seen[1]!.headers['content-type']).toBeUndefined()
    expect(await (await nodeFetch(`${base}/307`, init)).text()).toBe('POST:payload')
    const manual = await nodeFetch(`${base}/302`, { ...init, redirect: 'manual' })
    expect([manual.status, manual.headers.get('location')]).toEqual([302, '/target'])
  })

  it('on a redirect to another origin sends no credential or custom header (authorization, proxy-authorization, cookie, x-api-key); the same origin keeps them', async () => {
    const other = createServer((req, res) => res.end(JSON.stringify(req.headers)))
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve))
    const elsewhere = `http://127.0.0.1:${(other.address() as AddressInfo).port}`
    try {
      serve((req, res) => {
        if (req.url === '/away') return void res.writeHead(307, { location: `${elsewhere}/landed` }).end()
        if (req.url === '/here') return void res.writeHead(307, { location: '/landed' }).end()
        res.end(JSON.stringify(req.headers))
      })
      const headers = {
        authorization: 'Bearer sk-secret', 'proxy-authorization': 'Basic cHJveHk6cGFzcw==', cookie: 'session=1',
        'x-api-key': 'k-secret', 'api-key': 'azure-secret', 'x-custom-tenant': 't1', 'content-type': 'application/json', accept: 'application/json', 'user-agent': 'ua/1',
      }
      const init = { method: 'POST', headers, body: '{}' }
      const away = await (await nodeFetch(`${base}/away`, init)).json() as Record<string, string>
      for (const name of ['authorization', 'proxy-authorization', 'cookie', 'x-api-key', 'api-key', 'x-custom-tenant']) expect(away[name], name).toBeUndefined()
      expect([away['content-type'], away.accept, away['user-agent']]).toEqual(['application/json', 'application/json', 'ua/1'])
      const here = await (await nodeFetch(`${base}/here`, init)).json() as Record<string, string>
      expect([here.authorization, here['x-api-key'], here.cookie]).toEqual(['Bearer sk-secret', 'k-secret', 'session=1'])
    } finally {
      await new Promise<void>((resolve) => other.close(() => resolve()))
    }
  })

  it('hands bodies it does not send itself to the platform fetch', async () => {
    serve(echo)
    const r = await nodeFetch(`${base}/form`, { method: 'POST', body: new URLSearchParams({ a: '1', b: 'x y' }) })
    expect(await r.text()).toBe('echo:a=1&b=x+y')
    expect(seen[0]!.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/)
  })
})
