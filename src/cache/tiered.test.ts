import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Redis } from 'ioredis'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { sha256 } from '../core/hash.ts'
import { definePipeline } from '../core/pipeline.ts'
import { defineStage } from '../core/stage.ts'
import { CacheError } from '../errors.ts'
import { run } from '../run/run.ts'
import type { RedisServer } from '../../test/support/redis-server.ts'
import { redisServerMissing, startRedisServer } from '../../test/support/redis-server.ts'
import { tempDir } from '../../test/support/temp-dir.ts'
import { createFsStore } from './fs.ts'
import { createMemoryStore } from './memory.ts'
import { createRedisStore } from './redis.ts'
import type { RedisStore } from './redis.ts'
import { createTieredStore } from './tiered.ts'

const key = (label: string): string => sha256(label)
const bytes = (text: string): Uint8Array => new TextEncoder().encode(text)
const text = (b: Uint8Array | undefined): string | undefined => (b ? new TextDecoder().decode(b) : undefined)

describe('createRedisStore without a server', () => {
  it('gives the warning about an unusable remote once per run when processes share a marker file', async () => {
    // Two stores on two clients stand for two Vitest workers of one run.
    const marker = join(tempDir('butterfly-marker-'), '.remote-warned-run1.tmp')
    const warnings: string[] = []
    for (let i = 0; i < 2; i++) {
      const remote = createRedisStore({ url: 'redis://127.0.0.1:1', timeoutMs: 300 })
      const tiered = createTieredStore({ local: createMemoryStore(), remote, onWarning: (m) => warnings.push(m), warningMarker: marker })
      expect(await tiered.get(key('x'))).toBeUndefined()
      expect(tiered.remoteUsable).toBe(false)
      await remote.close()
    }
    expect(warnings).toHaveLength(1)
  })

  it('peeks through the local tier\'s index only, counting a local read; a remote value copied in is indexed', async () => {
    const remote = createMemoryStore()
    await remote.set(key('far'), bytes('{"head":"far"}\nbody'))
    const tiered = createTieredStore({ local: createFsStore({ dir: tempDir('butterfly-tiered-peek-') }), remote })
    expect(tiered.peek!(key('far'))).toBeUndefined()
    expect(text(await tiered.get(key('far')))).toBe('{"head":"far"}\nbody')
    expect(tiered.peek!(key('far'))?.head).toBe('{"head":"far"}')
    await tiered.set(key('near'), bytes('{"head":"near"}\nbody'))
    expect(tiered.peek!(key('near'))?.head).toBe('{"head":"near"}')
    expect(tiered.tally).toEqual({ local: 2, remote: 1, written: 1 })
    expect(createTieredStore({ local: createMemoryStore(), remote }).peek).toBeUndefined()
  })

  it('rejects a URL that is not redis:// or rediss://, naming the option', () => {
    expect(() => createRedisStore({ url: 'http://127.0.0.1:6379' })).toThrow(/option "url" must be a redis:\/\/ or rediss:\/\/ URL/)
  })

  it('masks a password in its URL and messages', async () => {
    const store = createRedisStore({ url: 'redis://user:s3cret@127.0.0.1:1', timeoutMs: 300 })
    expect(store.url).toBe('redis://user:***@127.0.0.1:1')
    const error = await store.get(key('x')).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(CacheError)
    expect((error as Error).message).not.toContain('s3cret')
  })
})

const missing = redisServerMissing()
describe.skipIf(missing)(`a Redis tier behind a local one${missing ? ` (skipped: ${missing})` : ''}`, () => {
  let server: RedisServer
  let raw: Redis
  const opened: RedisStore[] = []
  let n = 0
  const remoteStore = (options: Partial<Parameters<typeof createRedisStore>[0]> = {}): RedisStore => {
    const store = createRedisStore({ url: server.url, prefix: `t${n++}:`, timeoutMs: 500, ...options })
    opened.push(store)
    return store
  }

  beforeAll(async () => {
    server = await startRedisServer()
    raw = new Redis(server.url)
  })
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((s) => s.close()))
  })
  afterAll(async () => {
    raw?.disconnect()
    await server?.stop()
  })

  it('reads through: a remote hit is served, counted and copied into the local tier', async () => {
    const remote = remoteStore()
    await remote.set(key('a'), bytes('from elsewhere'))
    const local = createMemoryStore()
    const tiered = createTieredStore({ local, remote, onWarning: (m) => { throw new Error(m) } })
    expect(text(await tiered.get(key('a')))).toBe('from elsewhere')
    expect(text(await local.get(key('a')))).toBe('from elsewhere')
    expect(text(await tiered.get(key('a')))).toBe('from elsewhere')
    expect(tiered.tally).toEqual({ local: 1, remote: 1, written: 0 })
  })

  it('writes back: a set reaches both tiers, framed with its sha256 and with the TTL', async () => {
    const remote = remoteStore({ prefix: 'wb:', ttl: 3600 })
    const tiered = createTieredStore({ local: createMemoryStore(), remote })
    await tiered.set(key('b'), bytes('computed here'))
    expect(text(await remote.get(key('b')))).toBe('computed here')
    expect(await raw.get(`wb:${key('b')}`)).toBe(`${sha256('computed here')}\ncomputed here`)
    const ttl = await raw.ttl(`wb:${key('b')}`)
    expect(ttl).toBeGreaterThan(3500)
    expect(ttl).toBeLessThanOrEqual(3600)
    expect(tiered.tally.written).toBe(1)
  })

  it('keeps an entry above maxEntryBytes local only', async () => {
    const remote = remoteStore({ prefix: 'big:', maxEntryBytes: 100 })
    const local = createMemoryStore()
    const tiered = createTieredStore({ local, remote })
    await tiered.set(key('small'), new Uint8Array(100))
    await tiered.set(key('big'), new Uint8Array(101))
    expect(await raw.exists(`big:${key('small')}`)).toBe(1)
    expect(await raw.exists(`big:${key('big')}`)).toBe(0)
    expect(await tiered.get(key('big'))).toHaveLength(101)
  })

  it('treats a remote value that fails its hash check as a miss, with a warning naming the entry', async () => {
    const warnings: string[] = []
    const remote = remoteStore({ prefix: 'bad:', onWarning: (m) => warnings.push(m) })
    await raw.set(`bad:${key('c')}`, `${sha256('the real one')}\nsomething else`)
    await raw.set(`bad:${key('d')}`, 'not framed at all')
    const tiered = createTieredStore({ local: createMemoryStore(), remote })
    expect(await tiered.get(key('c'))).toBeUndefined()
    expect(await tiered.get(key('d'))).toBeUndefined()
    expect(warnings).toHaveLength(2)
    expect(warnings[0]).toMatch(/\[cache:redis\] entry [0-9a-f]{12}… on redis:\/\/127\.0\.0\.1:\d+ failed its hash check; recomputing/)
    expect(tiered.remoteUsable).toBe(true)
  })

  it('a run on a second machine (another local directory) is served from the remote: nothing executes', async () => {
    let calls = 0
    const count = defineStage({
      name: 'count', output: z.array(z.number()), params: (p: { n: number }) => p.n,
      run: async ({ params }) => (calls++, Array.from({ length: params }, (_, i) => i)),
    })
    const pipeline = definePipeline({ name: 'two-machines', params: z.object({ n: z.number().default(3) }), stages: [count] })
    const remote = { url: server.url, prefix: `machines-${n++}:` }
    const first = await run(pipeline, {}, { cacheDir: tempDir('butterfly-m1-'), remote })
    const second = await run(pipeline, {}, { cacheDir: tempDir('butterfly-m2-'), remote })
    expect(first.stages.count.status).toBe('executed')
    expect(second.stages.count.status).toBe('cached')
    expect(second.output('count')).toEqual([0, 1, 2])
    expect(calls).toBe(1)
  })

  it('lets one machine compute a key while the others wait for it (claims on the server)', async () => {
    const remote = remoteStore({ prefix: 'claims:' })
    const a = createTieredStore({ local: createMemoryStore(), remote })
    const b = createTieredStore({ local: createMemoryStore(), remote })
    const held = await a.claim!(key('k'))
    const busy = await b.claim!(key('k'))
    expect(held.status).toBe('held')
    expect(busy.status).toBe('busy')
    let settled = false
    const waiting = busy.status === 'busy' ? busy.settled().then(() => void (settled = true)) : undefined
    await a.set(key('k'), bytes('computed once'))
    await new Promise((r) => setTimeout(r, 120))
    expect(settled).toBe(false)
    if (held.status === 'held') await held.release()
    await waiting
    expect(text(await b.get(key('k')))).toBe('computed once')
    expect(await raw.exists(`claims:${key('k')}:claim`)).toBe(0)
  })

  it('does not let a claim whose holder died block the key: it expires on the server', async () => {
    const remote = remoteStore({ prefix: 'dead:', claimTtlMs: 200 })
    await raw.set(`dead:${key('d')}:claim`, 'a holder that is gone', 'PX', 200)
    const claim = await createTieredStore({ local: createMemoryStore(), remote }).claim!(key('d'))
    expect(claim.status).toBe('busy')
    if (claim.status === 'busy') await claim.settled()
    expect((await remote.claim!(key('d'))).status).toBe('held')
  })

  it('does not keep a script alive: node exits by itself after a run with a remote, up or down', async () => {
    const script = fileURLToPath(new URL('../../test/fixtures/remote-cache/run-once.ts', import.meta.url))
    const runOnce = (url: string) => new Promise<{ code: number | null; out: string }>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', script, tempDir('butterfly-once-'), url], { stdio: ['ignore', 'pipe', 'pipe'] })
      let out = ''
      child.stdout.on('data', (d: Buffer) => void (out += d.toString()))
      child.stderr.on('data', (d: Buffer) => void (out += d.toString()))
      // No natural exit within 20 s means an open handle: fail rather than hang.
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000)
      child.on('close', (code) => (clearTimeout(timer), resolve({ code, out })))
    })
    const [up, down] = await Promise.all([runOnce(`${server.url}/3`), runOnce('redis://127.0.0.1:1')])
    expect(up).toEqual({ code: 0, out: 'executed\n' })
    expect(down.code).toBe(0)
    expect(down.out).toMatch(/^executed\n\[butterfly\] \[cache:redis\] the remote cache is not usable \(\[cache:redis\] cannot connect to redis:\/\/127\.0\.0\.1:1: connect ECONNREFUSED 127\.0\.0\.1:1\)|^\[butterfly\].*ECONNREFUSED.*\nexecuted\n$/)
  }, 60_000)

  describe('a remote that fails', () => {
    it('is down from the start: the local tier carries on, with one warning for any number of calls and stores', async () => {
      const warnings: string[] = []
      const remote = createRedisStore({ url: 'redis://127.0.0.1:1', timeoutMs: 300 })
      opened.push(remote)
      const a = createTieredStore({ local: createMemoryStore(), remote, onWarning: (m) => warnings.push(m) })
      const b = createTieredStore({ local: createMemoryStore(), remote, onWarning: (m) => warnings.push(m) })
      for (const store of [a, b]) {
        expect(await store.get(key('x'))).toBeUndefined()
        await store.set(key('x'), bytes('local only'))
        expect(text(await store.get(key('x')))).toBe('local only')
        expect(await store.has(key('y'))).toBe(false)
      }
      expect(warnings).toHaveLength(1)
      expect(warnings[0]).toMatch(/^\[butterfly\] \[cache:redis\] the remote cache is not usable \(\[cache:redis\] cannot connect to redis:\/\/127\.0\.0\.1:1: .+\); this process goes on with the local cache only$/)
      expect(a.remoteUsable).toBe(false)
    })

    it('hangs (a frozen server): calls time out, one warning, the run is correct', async () => {
      const warnings: string[] = []
      const remote = remoteStore({ timeoutMs: 300 })
      const tiered = createTieredStore({ local: createMemoryStore(), remote, onWarning: (m) => warnings.push(m) })
      await tiered.set(key('h'), bytes('before'))
      server.pause()
      try {
        expect(await tiered.get(key('missing'))).toBeUndefined()
        await tiered.set(key('h2'), bytes('during'))
        expect(text(await tiered.get(key('h2')))).toBe('during')
      } finally {
        server.resume()
      }
      expect(warnings).toHaveLength(1)
      expect(warnings[0]).toMatch(/the remote cache is not usable \(.*timed out.*\)/i)
    })
  })
})
