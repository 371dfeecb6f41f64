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
  /**
   * Optional single flight across processes: claims the right to compute
   * `key`. The engine calls it after a miss; while one caller holds the
   * claim, the others get `busy` and wait for it to settle, then read the
   * entry the holder wrote. A claim whose holder died expires, so no key is
   * blocked for ever. Claims only save work: a store may grant two at once
   * in a race, and the engine stays correct (entries are content-addressed).
   */
  claim?(key: string): Promise<CacheClaim>
  /**
   * Optional, for stores that index their values: the first line of the
   * value stored under `key`, answered from the index without reading the
   * value, or `undefined` when the index cannot vouch for it (then the engine
   * calls `get`). The engine keeps the header of an entry on that line, so a
   * warm run resolves a cached stage to its output hash without reading the
   * output.
   */
  peek?(key: string): CachePeek | undefined
  /** Optional, for stores of several tiers: `remote` when `value` (as `get` returned it) came from a remote tier. */
  tierOf?(value: Uint8Array): 'local' | 'remote'
}

/** The answer of {@link CacheStore.peek}. */
export interface CachePeek {
  /** The value's first line (without its newline), as the index recorded it. */
  readonly head: string
  /**
   * Reads the whole value, checked as `get` checks it; `undefined` when its
   * first line is no longer `head` (removed, replaced or damaged since). A
   * value replaced by one with the same first line is returned: the engine's
   * first line names the output's hash, so for an entry that is the same output.
   */
  payload(): Uint8Array | undefined
}

/** The answer of {@link CacheStore.claim}. */
export type CacheClaim =
  | { status: 'held'; /** Gives the claim up, after the entry was written (or the stage failed). */ release(): Promise<void> }
  | { status: 'busy'; /** Resolves once the holder released its claim or its claim expired. */ settled(): Promise<void> }
