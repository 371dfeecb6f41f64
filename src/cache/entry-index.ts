import { randomBytes } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { crc32 } from 'node:zlib'
import { writeFileAtomicSync } from '../fs/atomic-write.ts'
import type { FileIdentity } from './read-entry.ts'

// A warm run resolves tens of thousands of cached stages to their output
// hashes, and opening, reading and hashing each entry file costs more than
// everything else a cached stage costs. The index keeps, per cache directory,
// each entry's first line (the header) and the identity of the file it was
// read from, in segment files read once per process. It is a hint, never a
// source of truth: a record counts only while the entry file still has the
// identity it had when the record was made (one stat: a write through the
// file system changes the ctime, an atomic write the inode too; two atomic
// writes of one key within one clock tick may not, see docs/guide.md), and
// the entry's output is still read and hash-checked when something reads it.

/** Where the segments live inside a cache directory. */
export const INDEX_DIR = 'index'
const SUFFIX = '.idx'
// Records are written in segments of this many, and the rest when the process
// exits or settles (`settleMeasurements()`, which the plugin's setup file
// awaits after each test: Vitest stops its workers without an exit). Never on
// a timer: a write at an arbitrary moment could race a test's removal of its
// temporary cache directory.
const FLUSH_AT = 512
// A process loading more segments than this merges them into one.
const COMPACT_AT = 16

interface Indexed {
  id: FileIdentity
  head: string
}

/** The index of one cache directory, shared by every store of this process on it. */
export interface EntryIndex {
  /** The indexed first line of `key`'s entry, when `file` is still the version indexed. */
  lookup(key: string, file: string): string | undefined
  /** Records `head` for `key`, read from (or written as) the file version `id`. */
  note(key: string, head: string, id: FileIdentity): void
  /** Forgets `key` (its entry was removed or failed a check). */
  drop(key: string): void
  /** Writes the records not written yet. */
  flush(): void
}

// One line per record, led by a CRC of the rest, so that a damaged segment loses its damaged lines only.
function serialise(key: string, r: Indexed): string {
  const rest = `${key}\t${r.id.ino}\t${r.id.size}\t${r.id.mtimeMs}\t${r.id.ctimeMs}\t${r.head}`
  return `${crc32(rest).toString(36)}\t${rest}`
}

function parse(line: string): Indexed | undefined {
  const t = line.indexOf('\t')
  const rest = line.slice(t + 1)
  if (t < 1 || crc32(rest).toString(36) !== line.slice(0, t)) return undefined
  const [, ino, size, mtimeMs, ctimeMs, head] = rest.split('\t', 6)
  const id = { ino: Number(ino), size: Number(size), mtimeMs: Number(mtimeMs), ctimeMs: Number(ctimeMs) }
  if (head === undefined || !Object.values(id).every(Number.isFinite)) return undefined
  return { id, head }
}

const same = (a: FileIdentity, b: FileIdentity): boolean =>
  a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs

const segmentName = (): string => `${Date.now().toString(36).padStart(9, '0')}-${process.pid}-${randomBytes(4).toString('hex')}${SUFFIX}`

// Writing the index only ever saves time: a segment that cannot be written or
// read (a read-only or damaged cache directory) costs the next run full reads.
function tryWrite(file: string, lines: readonly string[]): boolean {
  try {
    writeFileAtomicSync(file, `${lines.join('\n')}\n`)
    return true
  } catch {
    return false
  }
}

function createEntryIndex(dir: string): EntryIndex {
  const home = join(dir, INDEX_DIR)
  // Raw lines until a lookup verifies them: most records of a large cache are never looked up by one process.
  let records: Map<string, string | Indexed> | undefined
  let pending: string[] = []

  const load = (): Map<string, string | Indexed> => {
    const map = new Map<string, string | Indexed>()
    let names: string[] = []
    try {
      names = readdirSync(home).filter((n) => n.endsWith(SUFFIX)).sort()
    } catch {}
    for (const name of names) {
      let text: string
      try {
        text = readFileSync(join(home, name), 'utf8')
      } catch {
        continue
      }
      for (const line of text.split('\n')) {
        const a = line.indexOf('\t')
        const b = line.indexOf('\t', a + 1)
        if (a > 0 && b > a) map.set(line.slice(a + 1, b), line)
      }
    }
    // The merged segment replaces the ones read only once it is written, and a segment that cannot
    // be removed (a cache directory this process may read but not write, a file held open on
    // Windows) stays: a load must never fail, or every read of the store would fail with it.
    if (names.length > COMPACT_AT && tryWrite(join(home, segmentName()), [...map].map(([key, r]) => (typeof r === 'string' ? r : serialise(key, r))))) {
      for (const name of names) {
        try {
          rmSync(join(home, name), { force: true })
        } catch {}
      }
    }
    return map
  }

  const index: EntryIndex = {
    lookup(key, file) {
      records ??= load()
      const found = records.get(key)
      if (found === undefined) return undefined
      const r = typeof found === 'string' ? parse(found) : found
      let now
      try {
        now = r && statSync(file, { throwIfNoEntry: false })
      } catch {}
      if (!r || !now || !same(r.id, now)) {
        records.delete(key)
        return undefined
      }
      if (typeof found === 'string') records.set(key, r)
      return r.head
    },
    note(key, head, id) {
      // A header that would break the line format is not indexed; its entry is read in full.
      if (head.includes('\t') || head.includes('\n')) return
      records ??= load()
      const r = { id, head }
      const line = serialise(key, r)
      const known = records.get(key)
      records.set(key, r)
      // Already on disk as it is (an entry read in full again, e.g. to validate it under another schema): nothing to write.
      if (known === line || (typeof known === 'object' && known.head === head && same(known.id, id))) return
      pending.push(line)
      if (pending.length >= FLUSH_AT) index.flush()
    },
    drop(key) {
      records?.delete(key)
    },
    flush() {
      if (pending.length === 0) return
      const lines = pending
      pending = []
      // A cache directory removed meanwhile (cleared, or a test's temporary one) is not recreated for its index.
      if (existsSync(dir)) tryWrite(join(home, segmentName()), lines)
    },
  }
  return index
}

const indexes = new Map<string, EntryIndex>()
let hooked = false

/** The index of the cache directory `dir` (resolved), loaded from disk on first use. */
export function entryIndexOf(dir: string): EntryIndex {
  let index = indexes.get(dir)
  if (!index) {
    indexes.set(dir, (index = createEntryIndex(dir)))
    if (!hooked) {
      hooked = true
      process.once('exit', flushEntryIndexes)
    }
  }
  return index
}

/** Writes every index's unwritten records. */
export function flushEntryIndexes(): void {
  for (const index of indexes.values()) index.flush()
}

/** Writes and forgets every index of this process, so that the next lookup loads from disk, as a new process would. */
export function forgetEntryIndexes(): void {
  flushEntryIndexes()
  indexes.clear()
}
