import { mkdir, rm, stat } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import type { CacheStore } from '../core/cache-store.ts'
import { DEFAULT_CACHE_DIR } from '../constants.ts'
import { CacheError } from '../errors.ts'
import { writeFileAtomic } from '../fs/atomic-write.ts'
import { frame, unframe } from './frame.ts'
import { readEntryFile } from './read-entry.ts'
import type { LeaseOptions } from './lease.ts'
import { leaseClaim } from './lease.ts'

/** Options of {@link createFsStore}. */
export interface FsStoreOptions {
  /** Directory of the cache. @default '.butterfly/cache' */
  dir?: string
  /** Where integrity warnings go. @default console.warn */
  onWarning?: (message: string) => void
  /**
   * Single flight across processes: a process computing a key holds a lease
   * file next to the entry, and other processes wait for it instead of
   * computing the key too; `false` turns this off.
   * @default { ttlMs: 30000, pollMs: 20 }
   */
  lease?: LeaseOptions | false
}

const KEY = /^[A-Za-z0-9_-]{8,128}$/

/**
 * The default cache store: one file per entry under `dir`, named by key.
 * Each file starts with the sha256 of its payload; a read whose payload does
 * not match is a miss with a warning (the stage is recomputed and rewritten).
 * Writes go to a temporary file renamed into place, so concurrent processes
 * never read a torn entry, and a key one process is computing is not
 * computed by another (see `lease`).
 *
 * @example
 * const cache = createFsStore({ dir: '.butterfly/cache' })
 */
export function createFsStore(options: FsStoreOptions = {}): CacheStore & { readonly dir: string } {
  const dir = resolve(options.dir ?? DEFAULT_CACHE_DIR)
  const warn = options.onWarning ?? ((m: string) => console.warn(m))
  const lease = options.lease === false ? undefined : (options.lease ?? {})
  const pathOf = (key: string): string => {
    if (!KEY.test(key)) throw new CacheError(`invalid key ${JSON.stringify(key)}: keys are 8-128 letters, digits, "_" or "-"`, { component: 'cache:fs' })
    return join(dir, key.slice(0, 2), `${key}.entry`)
  }
  return {
    name: 'fs',
    dir,
    async get(key) {
      const file = pathOf(key)
      let bytes: Buffer | undefined
      try {
        bytes = await readEntryFile(file)
        if (!bytes) return undefined
      } catch (error) {
        throw new CacheError(`cannot read ${file}: ${(error as Error).message}`, { component: 'cache:fs', cause: error })
      }
      const payload = unframe(bytes)
      if (!payload) {
        warn(`[butterfly] [cache:fs] entry ${key.slice(0, 12)}… failed its hash check; recomputing (${file})`)
        // Removed, so that the recomputation's own re-read (after its claim) misses quietly.
        await rm(file, { force: true }).catch(() => {})
        return undefined
      }
      return new Uint8Array(payload.buffer, payload.byteOffset, payload.byteLength)
    },
    async set(key, value) {
      const file = pathOf(key)
      try {
        await writeFileAtomic(file, frame(value))
      } catch (error) {
        throw new CacheError(`cannot write ${file}: ${(error as Error).message}`, { component: 'cache:fs', cause: error })
      }
    },
    async has(key) {
      return stat(pathOf(key)).then(() => true, () => false)
    },
    async delete(key) {
      await rm(pathOf(key), { force: true })
    },
    ...(lease ? {
      async claim(key: string) {
        const file = pathOf(key)
        await mkdir(dirname(file), { recursive: true })
        return leaseClaim(`${file.slice(0, -'.entry'.length)}.lease`, lease)
      },
    } : {}),
  }
}
