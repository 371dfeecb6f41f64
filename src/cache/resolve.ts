import { resolve } from 'node:path'
import { defaultCacheDir } from '../constants.ts'
import type { CacheStore } from '../core/cache-store.ts'
import { createFsStore } from './fs.ts'
import { createMemoryStore } from './memory.ts'

/** How a run chooses its cache. */
export interface CacheOptions {
  /** A store, or `false` for a fresh memory store (nothing shared, nothing on disk). */
  cache?: CacheStore | false
  /** Directory of the default file-system store. @default process.env.BUTTERFLY_CACHE_DIR ?? '.butterfly/cache' */
  cacheDir?: string
  /** Where cache warnings (failed hash checks, unreadable entries) go. @default console.warn */
  onWarning?: (message: string) => void
}

// One store object per directory and warning sink, so that concurrent runs
// share in-flight computations (the engine deduplicates per store object)
// while a run's integrity warnings still reach the `onWarning` it passed.
// Sinks are held weakly: a run with a fresh callback leaves nothing behind.
const fsStores = new Map<string, { plain?: CacheStore; bySink: WeakMap<(message: string) => void, CacheStore> }>()

/** Resolves the cache options of a run to a store. */
export function resolveCache(options: CacheOptions = {}): CacheStore {
  if (options.cache === false) return createMemoryStore()
  if (options.cache) return options.cache
  const dir = resolve(options.cacheDir ?? defaultCacheDir())
  let stores = fsStores.get(dir)
  if (!stores) fsStores.set(dir, (stores = { bySink: new WeakMap() }))
  const sink = options.onWarning
  if (!sink) return (stores.plain ??= createFsStore({ dir }))
  let store = stores.bySink.get(sink)
  if (!store) stores.bySink.set(sink, (store = createFsStore({ dir, onWarning: sink })))
  return store
}
