import { createHash } from 'node:crypto'
import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs'

// Keyed by path and checked against size and mtime, so that keys computed for
// many runs of a sweep read each file once, and an edited file is read again.
// A model file of several GB is hashed here too, so bytes are read in chunks.
const memo = new Map<string, { size: number; mtimeMs: number; hash: string }>()

/**
 * sha256 of a file's bytes, re-read only when its size or mtime changed.
 * Returns `undefined` when the file cannot be read. Used for the files a
 * stage's key covers and for `local()`'s model file.
 */
export function fileHash(path: string): string | undefined {
  let info
  try {
    info = statSync(path)
  } catch {
    return undefined
  }
  if (!info.isFile()) return undefined
  const known = memo.get(path)
  // A file written within the clock's granularity of the last read may have changed
  // without a new mtime (git's "racily clean" case): only older files trust the memo.
  const settled = Date.now() - info.mtimeMs > 2_000
  if (settled && known && known.size === info.size && known.mtimeMs === info.mtimeMs) return known.hash
  const hash = hashChunks(path)
  memo.set(path, { size: info.size, mtimeMs: info.mtimeMs, hash })
  return hash
}

const CHUNK = 1 << 22

function hashChunks(path: string): string {
  const hash = createHash('sha256')
  const buffer = Buffer.allocUnsafe(CHUNK)
  const fd = openSync(path, 'r')
  try {
    for (let read = readSync(fd, buffer, 0, CHUNK, null); read > 0; read = readSync(fd, buffer, 0, CHUNK, null)) {
      hash.update(buffer.subarray(0, read))
    }
  } finally {
    closeSync(fd)
  }
  return hash.digest('hex')
}

/** The text of a file, or `undefined` when it cannot be read. */
export function fileText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return undefined
  }
}
