import { closeSync, mkdirSync, openSync } from 'node:fs'
import { dirname } from 'node:path'
import type { CacheClaim, CacheStore } from '../core/cache-store.ts'

/** Options of {@link createTieredStore}. */
export interface TieredStoreOptions {
  /** The first tier, read first and always written: the local directory. */
  local: CacheStore
  /** The shared second tier (e.g. {@link createRedisStore}), read on a local miss and written back. */
  remote: CacheStore
  /** Where the one warning about an unusable remote goes. @default console.warn */
  onWarning?: (message: string) => void
  /**
   * A file that several processes of one run (Vitest's workers) share: only
   * the process that creates it gives the warning, so a run prints it once.
   * @default none: one warning per process
   */
  warningMarker?: string
}

/** How many entries a tiered store served from each tier and wrote, since it was made. */
export interface CacheTally {
  /** Reads served by the local tier. */
  local: number
  /** Reads served by the remote tier (and copied into the local one). */
  remote: number
  /** Entries written (to the local tier, and to the remote one while it is usable). */
  written: number
}

/** A store of two tiers, as {@link createTieredStore} returns it. */
export interface TieredStore extends CacheStore {
  readonly tally: Readonly<CacheTally>
  /** False once the remote failed; from then on only the local tier is used. */
  readonly remoteUsable: boolean
}

// Whether a remote failed is a fact about the remote, not about one tiered
// store: every run of the process that shares it stops using it, and the
// warning is given once.
const broken = new WeakSet<CacheStore>()

function claimMarker(file: string): boolean {
  try {
    mkdirSync(dirname(file), { recursive: true })
    closeSync(openSync(file, 'wx'))
    return true
  } catch (error) {
    // Taken: another process of the run has warned. Any other failure: warn here rather than not at all.
    return (error as NodeJS.ErrnoException).code !== 'EEXIST'
  }
}

/**
 * A read-through, write-back cache of two tiers. A read tries the local tier,
 * then the remote, and copies a remote hit into the local tier; a write goes
 * to both. The remote can only cost time, never correctness: its entries are
 * hash-checked by its store, and the first failure of any call (down, slow,
 * refusing) gives one warning and turns the remote off for the rest of the
 * process, so the run goes on on the local tier alone.
 *
 * @example
 * const cache = createTieredStore({ local: createFsStore(), remote: createRedisStore({ url: process.env.REDIS_URL! }) })
 */
export function createTieredStore(options: TieredStoreOptions): TieredStore {
  const { local, remote } = options
  const warn = options.onWarning ?? ((m: string) => console.warn(m))
  const tally: CacheTally = { local: 0, remote: 0, written: 0 }
  const fromRemote = new WeakSet<Uint8Array>()
  const fallBack = (error: unknown): undefined => {
    if (broken.has(remote)) return undefined
    broken.add(remote)
    if (options.warningMarker && !claimMarker(options.warningMarker)) return undefined
    const reason = (error instanceof Error ? error.message : String(error)).replace(/^\[butterfly\] /, '')
    warn(`[butterfly] [cache:${remote.name}] the remote cache is not usable (${reason}); this process goes on with the local cache only`)
    return undefined
  }
  const remoteCall = async <T>(call: () => Promise<T>): Promise<T | undefined> => {
    if (broken.has(remote)) return undefined
    try {
      return await call()
    } catch (error) {
      return fallBack(error)
    }
  }
  return {
    name: `${local.name}+${remote.name}`,
    tally,
    get remoteUsable() {
      return !broken.has(remote)
    },
    tierOf(value) {
      return fromRemote.has(value) ? 'remote' : 'local'
    },
    async get(key) {
      const near = await local.get(key)
      if (near) {
        tally.local++
        return near
      }
      const far = await remoteCall(() => remote.get(key))
      if (!far) return undefined
      tally.remote++
      await local.set(key, far)
      fromRemote.add(far)
      return far
    },
    // Only the local tier is indexed: a remote value is always read and checked in full.
    ...(local.peek ? {
      peek(key: string) {
        const near = local.peek!(key)
        if (near) tally.local++
        return near
      },
    } : {}),
    async set(key, value) {
      await local.set(key, value)
      tally.written++
      await remoteCall(() => remote.set(key, value))
    },
    async has(key) {
      return (await local.has(key)) || (await remoteCall(() => remote.has(key))) === true
    },
    async delete(key) {
      await local.delete(key)
      await remoteCall(() => remote.delete(key))
    },
    // Processes of one machine take turns through the local tier's claims, and
    // machines through the remote's. A failing remote leaves the local claim.
    async claim(key): Promise<CacheClaim> {
      const near: CacheClaim = local.claim ? await local.claim(key) : { status: 'held', release: async () => {} }
      if (near.status === 'busy' || !remote.claim) return near
      const far = await remoteCall(() => remote.claim!(key))
      if (!far || far.status === 'held') {
        return {
          status: 'held',
          async release() {
            await Promise.all([near.release(), far ? remoteCall(() => far.release()) : undefined])
          },
        }
      }
      // Another machine is computing it: wait for it while holding the local
      // claim (this machine's other processes wait for us), then let go.
      return {
        status: 'busy',
        async settled() {
          await remoteCall(() => far.settled())
          await near.release()
        },
      }
    },
  }
}
