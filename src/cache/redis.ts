import type { Redis as RedisClient, RedisOptions } from 'ioredis'
import { randomBytes } from 'node:crypto'
import type { CacheClaim, CacheStore } from '../core/cache-store.ts'
import { CacheError, MissingDependencyError } from '../errors.ts'
import { frame, unframe } from './frame.ts'

/** Options of {@link createRedisStore}. */
export interface RedisStoreOptions {
  /** Server URL, `redis://[user:password@]host:port[/db]` or `rediss://` for TLS. */
  url: string
  /** Prefix of every key this store writes, so one server can hold several caches. @default 'butterfly:' */
  prefix?: string
  /** Seconds an entry lives after it was written; `0` keeps entries until the server evicts them. @default 2592000 (30 days) */
  ttl?: number
  /** Entries larger than this many bytes are not sent to the server (they stay in the local tier). @default 16 MiB */
  maxEntryBytes?: number
  /** Milliseconds a connection or command may take before it counts as a failure. @default 2000 */
  timeoutMs?: number
  /** Where integrity warnings (an entry that fails its hash check) go. @default console.warn */
  onWarning?: (message: string) => void
  /**
   * Single flight across machines: milliseconds a claim on a key lives on the
   * server without being renewed (its holder renews it every third of that).
   * @default 30000
   */
  claimTtlMs?: number
}

/** A {@link CacheStore} on a Redis server, as {@link createRedisStore} returns it. */
export interface RedisStore extends CacheStore {
  /** The server URL with any password masked, for messages. */
  readonly url: string
  /** Closes the connection; the next call opens a new one. */
  close(): Promise<void>
}

const KEY = /^[A-Za-z0-9_-]{8,128}$/
// Deletes a claim only if it is still this holder's (it may have expired and been taken since).
const RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end"
const POLL_MS = 50

/**
 * A cache store on a Redis server, for a cache shared by CI machines and
 * developers (see docs/ci.md). Entries are framed with their sha256 exactly
 * like the file-system store's, and checked on every read: a value that
 * fails the check is a miss with a warning. Connection and command failures
 * throw a {@link CacheError}; `run()` and the plugin put this store behind the
 * local directory, where a failing server degrades to local-only with one
 * warning. The client (`ioredis`, an optional peer dependency) is loaded on
 * the first call, and the connection holds the process open only while a
 * command is in flight.
 *
 * @example
 * const cache = createRedisStore({ url: 'redis://127.0.0.1:6379', ttl: 7 * 86400 })
 * await run(pipeline, {}, { cache })
 */
export function createRedisStore(options: RedisStoreOptions): RedisStore {
  if (typeof options.url !== 'string' || !/^rediss?:\/\//.test(options.url)) {
    throw new CacheError(`option "url" must be a redis:// or rediss:// URL, got ${JSON.stringify(typeof options.url === 'string' ? maskUrl(options.url) : options.url)}`, { component: 'cache:redis' })
  }
  const url = maskUrl(options.url)
  const prefix = options.prefix ?? 'butterfly:'
  const ttl = options.ttl ?? 30 * 86400
  const maxEntryBytes = options.maxEntryBytes ?? 16 * 1024 * 1024
  const timeoutMs = options.timeoutMs ?? 2000
  const claimTtlMs = options.claimTtlMs ?? 30_000
  const warn = options.onWarning ?? ((m: string) => console.warn(m))
  if (!Number.isInteger(ttl) || ttl < 0) throw new CacheError(`option "ttl" must be a non-negative integer of seconds, got ${String(ttl)}`, { component: 'cache:redis' })
  if (!(maxEntryBytes > 0)) throw new CacheError(`option "maxEntryBytes" must be positive, got ${String(maxEntryBytes)}`, { component: 'cache:redis' })
  if (!(timeoutMs > 0)) throw new CacheError(`option "timeoutMs" must be positive, got ${String(timeoutMs)}`, { component: 'cache:redis' })

  let client: Promise<RedisClient> | undefined
  let busy = 0
  const connect = (): Promise<RedisClient> => {
    if (client) return client
    const opened: Promise<RedisClient> = open(options.url, timeoutMs, () => {
      if (client === opened) client = undefined
    })
    client = opened
    opened.catch(() => {
      if (client === opened) client = undefined
    })
    return opened
  }
  // Every command refs the socket while it is in flight, so a script that
  // awaits a read is kept alive, and an idle connection never holds it open.
  const command = async <T>(what: string, key: string, call: (redis: RedisClient, k: string) => Promise<T>): Promise<T> => {
    if (!KEY.test(key)) throw new CacheError(`invalid key ${JSON.stringify(key)}: keys are 8-128 letters, digits, "_" or "-"`, { component: 'cache:redis' })
    busy++
    let redis: RedisClient | undefined
    try {
      redis = await connect()
      redis.stream?.ref()
      return await call(redis, prefix + key)
    } catch (error) {
      if (error instanceof CacheError || error instanceof MissingDependencyError) throw error
      throw new CacheError(`cannot ${what} ${key.slice(0, 12)}… on ${url}: ${(error as Error).message}`, { component: 'cache:redis', cause: error })
    } finally {
      if (--busy === 0) redis?.stream?.unref()
    }
  }

  return {
    name: 'redis',
    url,
    async get(key) {
      const bytes = await command('read', key, (r, k) => r.getBuffer(k))
      if (!bytes) return undefined
      const payload = unframe(bytes)
      if (!payload) {
        warn(`[butterfly] [cache:redis] entry ${key.slice(0, 12)}… on ${url} failed its hash check; recomputing`)
        await command('delete', key, (r, k) => r.del(k)).catch(() => {})
        return undefined
      }
      return new Uint8Array(payload)
    },
    async set(key, value) {
      if (value.byteLength > maxEntryBytes) return
      const framed = frame(value)
      await command('write', key, (r, k) => (ttl > 0 ? r.set(k, framed, 'EX', ttl) : r.set(k, framed)))
    },
    async has(key) {
      return (await command('look up', key, (r, k) => r.exists(k))) === 1
    },
    async delete(key) {
      await command('delete', key, (r, k) => r.del(k))
    },
    // A claim is a key next to the entry, set only if absent and expiring on its
    // own: a holder that dies (or a machine that loses its network) blocks the key for claimTtlMs at most.
    async claim(key): Promise<CacheClaim> {
      const token = randomBytes(12).toString('hex')
      const lease = (k: string): string => `${k}:claim`
      const taken = await command('claim', key, (r, k) => r.set(lease(k), token, 'PX', claimTtlMs, 'NX'))
      if (taken !== 'OK') {
        return {
          status: 'busy',
          async settled() {
            while ((await command('watch the claim of', key, (r, k) => r.exists(lease(k)))) === 1) {
              await new Promise((resolve) => setTimeout(resolve, POLL_MS))
            }
          },
        }
      }
      const beat = setInterval(() => {
        command('renew the claim of', key, (r, k) => r.pexpire(lease(k), claimTtlMs)).catch(() => {})
      }, Math.max(10, Math.floor(claimTtlMs / 3)))
      beat.unref()
      return {
        status: 'held',
        async release() {
          clearInterval(beat)
          await command('release the claim of', key, (r, k) => r.eval(RELEASE, 1, lease(k), token))
        },
      }
    },
    async close() {
      const pending = client
      client = undefined
      const redis = await pending?.catch(() => undefined)
      if (redis) await redis.quit().catch(() => redis.disconnect())
    },
  }
}

async function open(url: string, timeoutMs: number, onEnd: () => void): Promise<RedisClient> {
  let Redis: typeof import('ioredis').Redis
  try {
    Redis = (await import('ioredis')).Redis
  } catch (error) {
    throw new MissingDependencyError(
      'createRedisStore() needs the optional package "ioredis", which is not installed; install it with: npm install -D ioredis',
      { component: 'cache:redis', cause: error },
    )
  }
  const options: RedisOptions = {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    commandTimeout: timeoutMs,
    // A cache must answer now or not at all: no retries, no queue while
    // disconnected, no reconnection loop (the next call opens a new client).
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  }
  const redis = new Redis(url, options)
  // Failures reach the caller through the rejected command; the socket's own
  // error (ECONNREFUSED, a DNS failure) says more than ioredis's "Connection is closed".
  let socketError: Error | undefined
  redis.on('error', (error: Error) => void (socketError ??= error))
  try {
    await redis.connect()
  } catch (error) {
    redis.disconnect()
    const reason = socketError ?? (error as Error)
    throw new CacheError(`cannot connect to ${maskUrl(url)}: ${reason.message}`, { component: 'cache:redis', cause: reason })
  }
  redis.stream?.unref()
  // A lost connection is not retried in the background: the next command opens a new one.
  redis.once('end', onEnd)
  return redis
}

/** `url` with its password replaced by `***`, so that no secret reaches a log or report. */
export function maskUrl(url: string): string {
  try {
    const parsed = new URL(url)
    if (parsed.password) parsed.password = '***'
    return parsed.toString().replace(/\/$/, '')
  } catch {
    return url.replace(/\/\/[^@/]*@/, '//***@')
  }
}
