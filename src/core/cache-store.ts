/**
 * A cache store keeps bytes by key. Stores only move bytes; the engine decides
 * what goes in. Every store passes `test/conformance/cache-store.ts`.
 *
 * @example
 * const store: CacheStore = createMemoryStore()
 * await store.set('k', new TextEncoder().encode('v'))
 */
export interface CacheStore {
  /** Short name used in messages, e.g. `fs` or `memory`. */
  readonly name: string
  /** The bytes stored under `key`, or `undefined` on a miss (including an entry that failed its integrity check). */
  get(key: string): Promise<Uint8Array | undefined>
  /** Stores `value` under `key`, replacing what was there; readers never see a partial value. */
  set(key: string, value: Uint8Array): Promise<void>
  /**
   * True when an entry is stored under `key`. Meant to be cheap: a store may
   * answer without the integrity check, so a corrupt entry can be `has` while
   * `get` misses.
   */
  has(key: string): Promise<boolean>
  /** Removes an entry; missing keys are ignored. */
  delete(key: string): Promise<void>
}
