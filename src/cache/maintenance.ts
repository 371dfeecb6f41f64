import { readdir, rm, stat } from 'node:fs/promises'
import { join, sep } from 'node:path'
import { INDEX_DIR } from './entry-index.ts'
import { ATOMIC_TEMP, STALE_TEMP_MS, removeStaleTempFiles } from '../fs/stale-temps.ts'

/** One file of a cache directory. */
interface CacheFile {
  path: string
  bytes: number
  mtimeMs: number
  kind: 'entry' | 'lease' | 'temp' | 'index' | 'other'
}

/** What {@link inspectCache} found in a cache directory. */
export interface CacheInventory {
  dir: string
  entries: number
  /** Bytes of the entries. */
  bytes: number
  /** Last write of the oldest and newest entry, or `undefined` when there is none. */
  oldestMs: number | undefined
  newestMs: number | undefined
  /** Temporary files of writes and leases of computations, live or left behind by killed processes. */
  temps: number
  /** Bytes of the index of the entries' headers (`index/`), which saves a warm run reading each entry. */
  indexBytes: number
}

/** What {@link pruneCache} removed. */
export interface PruneResult {
  removed: number
  freedBytes: number
  /** Stale temporary files and leases removed besides the entries. */
  staleTemps: number
  left: CacheInventory
}

// A live lease is renewed every 10 s, and a lease moved aside is deleted at
// once: older ones were left behind by a process that was killed.
const LEASE_GRACE_MS = 60 * 1000

function kindOf(name: string): CacheFile['kind'] {
  if (name.endsWith('.entry')) return 'entry'
  if (name.startsWith(`${INDEX_DIR}${sep}`) && name.endsWith('.idx')) return 'index'
  if (name.endsWith('.lease')) return 'lease'
  if (name.endsWith('.tmp') || name.endsWith('.stale')) return 'temp'
  return 'other'
}

async function walk(dir: string): Promise<CacheFile[]> {
  let names: string[]
  try {
    names = await readdir(dir, { recursive: true })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw error
  }
  const files = await Promise.all(names.map(async (name): Promise<CacheFile | undefined> => {
    const path = join(dir, name)
    const s = await stat(path).catch(() => undefined)
    return s?.isFile() ? { path, bytes: s.size, mtimeMs: s.mtimeMs, kind: kindOf(name) } : undefined
  }))
  return files.filter((f): f is CacheFile => f !== undefined)
}

function inventory(dir: string, files: readonly CacheFile[]): CacheInventory {
  const entries = files.filter((f) => f.kind === 'entry')
  const times = entries.map((f) => f.mtimeMs)
  return {
    dir,
    entries: entries.length,
    bytes: entries.reduce((sum, f) => sum + f.bytes, 0),
    oldestMs: times.length ? Math.min(...times) : undefined,
    newestMs: times.length ? Math.max(...times) : undefined,
    temps: files.filter((f) => f.kind === 'temp' || f.kind === 'lease').length,
    indexBytes: files.reduce((sum, f) => sum + (f.kind === 'index' ? f.bytes : 0), 0),
  }
}

/** Counts the entries of the cache directory `dir` and their size. */
export async function inspectCache(dir: string): Promise<CacheInventory> {
  return inventory(dir, await walk(dir))
}

/**
 * Removes what killed processes left in the cache directory `dir`: temporary
 * files of writes (older than an hour, see `removeStaleTempFiles`), leases not
 * renewed for a minute, leases moved aside and run markers. Returns how many it removed.
 */
export async function removeCacheLeftovers(dir: string, now: number = Date.now()): Promise<number> {
  const temps = (await removeStaleTempFiles(dir, { recursive: true, olderThanMs: STALE_TEMP_MS, now, match: (name) => ATOMIC_TEMP.test(name) })).length
  const stale = (await walk(dir)).filter((f) =>
    (f.kind === 'temp' && now - f.mtimeMs > STALE_TEMP_MS) || (f.kind === 'lease' && now - f.mtimeMs > LEASE_GRACE_MS))
  await Promise.all(stale.map((f) => rm(f.path, { force: true })))
  return temps + stale.length
}

/**
 * Trims the cache directory `dir`: removes entries not written for
 * `olderThanMs`, then the least recently written ones until the entries take
 * at most `maxBytes`, and stale temporary files. A removed entry is only
 * recomputed when a run needs it again. Removing entries removes the index
 * too (it would keep their records): the next run reads each entry it needs
 * in full once and indexes it again.
 */
export async function pruneCache(dir: string, limits: { maxBytes?: number; olderThanMs?: number }, now: number = Date.now()): Promise<PruneResult> {
  const staleTemps = await removeCacheLeftovers(dir, now)
  const entries = (await walk(dir)).filter((f) => f.kind === 'entry').sort((a, b) => a.mtimeMs - b.mtimeMs)
  let total = entries.reduce((sum, f) => sum + f.bytes, 0)
  const doomed: CacheFile[] = []
  for (const f of entries) {
    const tooOld = limits.olderThanMs !== undefined && now - f.mtimeMs > limits.olderThanMs
    const tooBig = limits.maxBytes !== undefined && total > limits.maxBytes
    if (!tooOld && !tooBig) continue
    doomed.push(f)
    total -= f.bytes
  }
  await Promise.all(doomed.map((f) => rm(f.path, { force: true })))
  if (doomed.length > 0) await rm(join(dir, INDEX_DIR), { recursive: true, force: true })
  return { removed: doomed.length, freedBytes: doomed.reduce((sum, f) => sum + f.bytes, 0), staleTemps, left: await inspectCache(dir) }
}

/** Removes the whole cache directory `dir`; returns what it held. */
export async function clearCache(dir: string): Promise<CacheInventory> {
  const before = await inspectCache(dir)
  await rm(dir, { recursive: true, force: true })
  return before
}
