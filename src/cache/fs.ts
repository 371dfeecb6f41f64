import { readFile, rm, stat } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import type { CacheStore } from '../core/cache-store.ts'
import { sha256 } from '../core/hash.ts'
import { DEFAULT_CACHE_DIR } from '../constants.ts'
import { CacheError } from '../errors.ts'
import { writeFileAtomic } from '../fs/atomic-write.ts'

/** Options of {@link createFsStore}. */
export interface FsStoreOptions {
  /** Directory of the cache. @default '.butterfly/cache' */
  dir?: string
  /** Where integrity warnings go. @default console.warn */
  onWarning?: (message: string) => void
}

const KEY = /^[A-Za-z0-9_-]{8,128}$/
const NL = 0x0a

/**
 * The default cache store: one file per entry under `dir`, named by key.
 * Each file starts with the sha256 of its payload; a read whose payload does
 * not match is a miss with a warning (the stage is recomputed and rewritten).
 * Writes go to a temporary file renamed into place, so concurrent processes
 * never read a torn entry.
 *
 * @example
 * const cache = createFsStore({ dir: '.butterfly/cache' })
 */
export function createFsStore(options: FsStoreOptions = {}): CacheStore & { readonly dir: string } {
  const dir = resolve(options.dir ?? DEFAULT_CACHE_DIR)
  const warn = options.onWarning ?? ((m: string) => console.warn(m))
  const pathOf = (key: string): string => {
    if (!KEY.test(key)) throw new CacheError(`[cache:fs] invalid key ${JSON.stringify(key)}: keys are 8-128 letters, digits, "_" or "-"`)
    return join(dir, key.slice(0, 2), `${key}.entry`)
  }
  return {
    name: 'fs',
    dir,
    async get(key) {
      const file = pathOf(key)
      let bytes: Buffer
      try {
        bytes = await readFile(file)
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
        throw new CacheError(`[cache:fs] cannot read ${file}: ${(error as Error).message}`, { cause: error })
      }
      const nl = bytes.indexOf(NL)
      const payload = nl === 64 ? bytes.subarray(nl + 1) : undefined
      if (!payload || sha256(payload) !== bytes.subarray(0, 64).toString('latin1')) {
        warn(`[butterfly] [cache:fs] entry ${key.slice(0, 12)}… failed its hash check; recomputing (${file})`)
        return undefined
      }
      return new Uint8Array(payload.buffer, payload.byteOffset, payload.byteLength)
    },
    async set(key, value) {
      const file = pathOf(key)
      try {
        await writeFileAtomic(file, Buffer.concat([Buffer.from(`${sha256(value)}\n`, 'latin1'), value]))
      } catch (error) {
        throw new CacheError(`[cache:fs] cannot write ${file}: ${(error as Error).message}`, { cause: error })
      }
    },
    async has(key) {
      return stat(pathOf(key)).then(() => true, () => false)
    },
    async delete(key) {
      await rm(pathOf(key), { force: true })
    },
  }
}
