import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, it } from 'vitest'
import { createFsStore } from '../../src/cache/fs.ts'
import { createMemoryStore } from '../../src/cache/memory.ts'
import { createRedisStore } from '../../src/cache/redis.ts'
import type { RedisStore } from '../../src/cache/redis.ts'
import type { RedisServer } from '../support/redis-server.ts'
import { redisServerMissing, startRedisServer } from '../support/redis-server.ts'
import { cacheStoreConformance } from './cache-store.ts'

cacheStoreConformance('memory', { create: () => createMemoryStore() })

const dirs: string[] = []
cacheStoreConformance('fs', {
  create: async () => {
    const dir = await mkdtemp(join(tmpdir(), 'butterfly-conformance-'))
    dirs.push(dir)
    return createFsStore({ dir, onWarning: (m) => { throw new Error(`unexpected warning: ${m}`) } })
  },
  indexed: true,
  cleanup: async () => {
    await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })))
  },
})

const missing = redisServerMissing()
if (missing) {
  describe.skip(`CacheStore conformance: redis (${missing})`, () => {
    it.skip('needs redis-server', () => {})
  })
} else {
  let server: RedisServer
  const stores: RedisStore[] = []
  beforeAll(async () => {
    server = await startRedisServer()
  })
  afterAll(async () => {
    await server?.stop()
  })
  let n = 0
  cacheStoreConformance('redis', {
    // A fresh prefix per test keeps tests apart on one server.
    create: () => {
      const store = createRedisStore({ url: server.url, prefix: `conformance-${n++}:`, onWarning: (m) => { throw new Error(`unexpected warning: ${m}`) } })
      stores.push(store)
      return store
    },
    cleanup: async () => {
      await Promise.all(stores.splice(0).map((s) => s.close()))
    },
  })
}
