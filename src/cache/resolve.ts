import { resolve } from 'node:path'
import type { CacheStore } from '../core/cache-store.ts'
import { createFsStore } from './fs.ts'
import { createMemoryStore } from './memory.ts'

/** How a run chooses its cache. */
export interface CacheOptions {
  /** A store, or `false` for a fresh memory store (nothing shared, nothing on disk). */
  cache?: CacheStore | false
  /** Directory of the default file-system store. @default process.env.BUTTERFLY_CACHE_DIR ?? '.butterfly/cache' */
  cacheDir?: string
  onWarning?: (message: string) => void
}

// One store object per directory and process, so that concurrent runs share
// in-flight computations (the engine deduplicates per store object).
const fsStores = new Map<string, CacheStore>()

/** Resolves the cache options of a run to a store. */
export function resolveCache(options: CacheOptions = {}): CacheStore {
  if (options.cache === false) return createMemoryStore()
  if (options.cache) return options.cache
  const dir = resolve(options.cacheDir ?? process.env.BUTTERFLY_CACHE_DIR ?? '.butterfly/cache')
  let store = fsStores.get(dir)
  if (!store) {
    store = createFsStore({ dir, ...(options.onWarning ? { onWarning: options.onWarning } : {}) })
    fsStores.set(dir, store)
  }
  return store
}
