import { closeSync, fstatSync, openSync, readSync, rmSync } from 'node:fs'
import { mkdir, rm, stat } from 'node:fs/promises'
import { dirname, resolve, sep } from 'node:path'
import type { CachePeek, CacheStore } from '../core/cache-store.ts'
import { DEFAULT_CACHE_DIR } from '../constants.ts'
import { CacheError } from '../errors.ts'
import { writeFileAtomic } from '../fs/atomic-write.ts'
import { frame, unframe } from './frame.ts'
import { entryIndexOf } from './entry-index.ts'
import type { EntryIndex } from './entry-index.ts'
import { identityOf, readEntryFile, readEntryFileSync } from './read-entry.ts'
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
  /**
   * Keep an index of the entries' first lines (their headers) in
   * `dir/index/`, read once per process, so that a warm run resolves a cached
   * stage without reading its entry file: a record counts only while the
   * entry file is the version indexed (one `stat`), and the rest of the entry
   * is read and hash-checked when something reads the output (see
   * {@link CacheStore.peek}). `false` reads every entry in full.
   * @default true
   */
  index?: boolean
}

// Longer first lines are not indexed: an index record is meant to be small.
const MAX_HEAD = 64 * 1024

// The first line of a payload, if it is short enough to index.
function headOf(payload: Uint8Array): string | undefined {
  const nl = payload.indexOf(0x0a)
  if (nl === -1 || nl > MAX_HEAD) return undefined
  return Buffer.from(payload.buffer, payload.byteOffset, nl).toString('utf8')
}

// After a write, indexes the file only if it is still the one written: its
// stored sha256 is ours, read through the descriptor that gives its identity
// (another process may have renamed its own version into place meanwhile).
function noteWritten(index: EntryIndex, key: string, file: string, framed: Uint8Array, payload: Uint8Array): void {
  const head = headOf(payload)
  if (head === undefined) return
  try {
    const fd = openSync(file, 'r')
    try {
      const id = identityOf(fstatSync(fd))
      const stored = Buffer.alloc(64)
      if (readSync(fd, stored, 0, 64, 0) === 64 && stored.equals(framed.subarray(0, 64))) index.note(key, head, id)
    } finally {
      closeSync(fd)
    }
  } catch {}
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
  const index = options.index === false ? undefined : entryIndexOf(dir)
  const pathOf = (key: string): string => {
    if (!KEY.test(key)) throw new CacheError(`invalid key ${JSON.stringify(key)}: keys are 8-128 letters, digits, "_" or "-"`, { component: 'cache:fs' })
    // Concatenated, not joined: `dir` is resolved and a valid key holds no separator (and join costs a warm lookup a tenth).
    return `${dir}${sep}${key.slice(0, 2)}${sep}${key}.entry`
  }
  // Removed, so that the recomputation's own re-read (after its claim) misses quietly.
  const damaged = (key: string, file: string): void => {
    warn(`[butterfly] [cache:fs] entry ${key.slice(0, 12)}… failed its hash check; recomputing (${file})`)
    index?.drop(key)
    try {
      rmSync(file, { force: true })
    } catch {}
  }
  return {
    name: 'fs',
    dir,
    async get(key) {
      const file = pathOf(key)
      let read: Awaited<ReturnType<typeof readEntryFile>>
      try {
        read = await readEntryFile(file)
        if (!read) return undefined
      } catch (error) {
        throw new CacheError(`cannot read ${file}: ${(error as Error).message}`, { component: 'cache:fs', cause: error })
      }
      const payload = unframe(read.bytes)
      if (!payload) {
        damaged(key, file)
        return undefined
      }
      const head = index ? headOf(payload) : undefined
      if (head !== undefined) index!.note(key, head, read.id)
      return new Uint8Array(payload.buffer, payload.byteOffset, payload.byteLength)
    },
    async set(key, value) {
      const file = pathOf(key)
      const framed = frame(value)
      try {
        await writeFileAtomic(file, framed)
      } catch (error) {
        throw new CacheError(`cannot write ${file}: ${(error as Error).message}`, { component: 'cache:fs', cause: error })
      }
      if (index) noteWritten(index, key, file, framed, value)
    },
    async has(key) {
      return stat(pathOf(key)).then(() => true, () => false)
    },
    async delete(key) {
      index?.drop(key)
      await rm(pathOf(key), { force: true })
    },
    ...(index ? {
      peek(key: string): CachePeek | undefined {
        const file = pathOf(key)
        const head = index.lookup(key, file)
        if (head === undefined) return undefined
        return {
          head,
          payload() {
            let read
            try {
              read = readEntryFileSync(file)
            } catch {}
            const payload = read && unframe(read.bytes)
            // Changed since the lookup: gone, replaced by another version (whose own record, if
            // any, stays: the next lookup checks it), or damaged in place (forgotten and removed).
            if (read && !payload) damaged(key, file)
            if (!payload || headOf(payload) !== head) return undefined
            return new Uint8Array(payload.buffer, payload.byteOffset, payload.byteLength)
          },
        }
      },
    } : {}),
    ...(lease ? {
      async claim(key: string) {
        const file = pathOf(key)
        await mkdir(dirname(file), { recursive: true })
        return leaseClaim(`${file.slice(0, -'.entry'.length)}.lease`, lease)
      },
    } : {}),
  }
}
