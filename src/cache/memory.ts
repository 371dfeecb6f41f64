import type { CacheStore } from '../core/cache-store.ts'

/**
 * A cache store in memory: for tests, and for runs that must not touch disk.
 * Values are copied in and out, so callers cannot mutate what is stored.
 *
 * @example
 * const result = await run(pipeline, {}, { cache: createMemoryStore() })
 */
export function createMemoryStore(): CacheStore & { readonly size: number } {
  const entries = new Map<string, Uint8Array>()
  return {
    name: 'memory',
    get size() {
      return entries.size
    },
    async get(key) {
      const value = entries.get(key)
      return value ? value.slice() : undefined
    },
    async set(key, value) {
      entries.set(key, value.slice())
    },
    async has(key) {
      return entries.has(key)
    },
    async delete(key) {
      entries.delete(key)
    },
  }
}
