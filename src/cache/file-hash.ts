import { readFileSync, statSync } from 'node:fs'
import { sha256 } from '../core/hash.ts'

// Keyed by path and checked against size and mtime, so that keys computed for
// many runs of a sweep read each file once, and an edited file is read again.
const memo = new Map<string, { size: number; mtimeMs: number; hash: string }>()

/**
 * sha256 of a file's bytes, re-read only when its size or mtime changed.
 * Returns `undefined` when the file cannot be read.
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
  const hash = sha256(readFileSync(path))
  memo.set(path, { size: info.size, mtimeMs: info.mtimeMs, hash })
  return hash
}

/** The text of a file, or `undefined` when it cannot be read. */
export function fileText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return undefined
  }
}
