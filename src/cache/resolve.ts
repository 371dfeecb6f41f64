import { join, resolve } from 'node:path'
import { defaultCacheDir } from '../constants.ts'
import type { CacheStore } from '../core/cache-store.ts'
import { stableStringify } from '../core/hash.ts'
import { createFsStore } from './fs.ts'
import { createMemoryStore } from './memory.ts'
import type { RedisStore, RedisStoreOptions } from './redis.ts'
import { createRedisStore } from './redis.ts'
import { createTieredStore } from './tiered.ts'

/** The shared second cache tier: a Redis URL, or the options of {@link createRedisStore} without `onWarning`. */
export type RemoteCacheOptions = string | Omit<RedisStoreOptions, 'onWarning'>

/** How a run chooses its cache. */
export interface CacheOptions {
  /** A store, or `false` for a fresh memory store (nothing shared, nothing on disk). */
  cache?: CacheStore | false
  /** Directory of the default file-system store. @default process.env.BUTTERFLY_CACHE_DIR ?? '.butterfly/cache' */
  cacheDir?: string
  /**
   * A shared remote tier behind the directory (read on a local miss, written
   * back), e.g. `'redis://127.0.0.1:6379'`; `false` for none. Ignored when
   * `cache` is given. A remote that fails degrades to the directory alone, with one warning.
   * @default process.env.BUTTERFLY_REMOTE_CACHE, else none
   */
  remote?: RemoteCacheOptions | false
  /** Where cache warnings (failed hash checks, unreadable entries, an unusable remote) go. @default console.warn */
  onWarning?: (message: string) => void
}

// One store object per directory, remote and warning sink, so that concurrent
// runs share in-flight computations (the engine deduplicates per store object)
// while a run's integrity warnings still reach the `onWarning` it passed.
// Sinks are held weakly: a run with a fresh callback leaves nothing behind.
// One Redis client per remote for the whole process.
const stores = new Map<string, { plain?: CacheStore; bySink: WeakMap<(message: string) => void, CacheStore> }>()
const remotes = new Map<string, RedisStore>()

/** The remote options in force: the option, else `BUTTERFLY_REMOTE_CACHE`, else none. */
export function remoteOf(options: Pick<CacheOptions, 'remote'>): Exclude<RemoteCacheOptions, string> | undefined {
  const remote = options.remote ?? (process.env.BUTTERFLY_REMOTE_CACHE || undefined)
  if (remote === undefined || remote === false) return undefined
  return typeof remote === 'string' ? { url: remote } : remote
}

/** Resolves the cache options of a run to a store. */
export function resolveCache(options: CacheOptions = {}): CacheStore {
  if (options.cache === false) return createMemoryStore()
  if (options.cache) return options.cache
  const dir = resolve(options.cacheDir ?? defaultCacheDir())
  const remote = remoteOf(options)
  const id = remote ? `${dir}\0${stableStringify(remote)}` : dir
  let entry = stores.get(id)
  if (!entry) stores.set(id, (entry = { bySink: new WeakMap() }))
  const sink = options.onWarning
  if (!sink) return (entry.plain ??= build(dir, remote))
  let store = entry.bySink.get(sink)
  if (!store) entry.bySink.set(sink, (store = build(dir, remote, sink)))
  return store
}

function build(dir: string, remote: Exclude<RemoteCacheOptions, string> | undefined, sink?: (message: string) => void): CacheStore {
  const local = createFsStore({ dir, ...(sink ? { onWarning: sink } : {}) })
  if (!remote) return local
  const id = stableStringify(remote)
  let shared = remotes.get(id)
  if (!shared) remotes.set(id, (shared = createRedisStore(remote)))
  // Vitest's workers inherit the run id the plugin sets, and share the warning about a failing remote.
  const run = process.env.BUTTERFLY_RUN_ID
  const marker = run && /^[\w-]+$/.test(run) ? join(dir, `.remote-warned-${run}.tmp`) : undefined
  return createTieredStore({ local, remote: shared, ...(sink ? { onWarning: sink } : {}), ...(marker ? { warningMarker: marker } : {}) })
}
