import { createHash } from 'node:crypto'
import { closeSync, openSync, readSync, statSync } from 'node:fs'

// One digest per file version and process: the key is what changes when the file does.
const digests = new Map<string, string>()
const CHUNK = 1 << 22

/**
 * The SHA-256 of a model file's bytes, or `undefined` when the file cannot be
 * read (the call that needs the model then fails with the file named).
 * `local()` keys its cache entries with it: a name alone would serve outputs of
 * a replaced model with the same file name. Read synchronously because a
 * provider's identity is a plain property; memoised per path, size and
 * modification time, so a process reads each model once (about 1 s per GB).
 */
export function modelFileDigest(path: string): string | undefined {
  let stat
  try {
    stat = statSync(path)
  } catch {
    return undefined
  }
  const version = `${path}\0${stat.size}\0${stat.mtimeMs}\0${stat.ino}`
  const known = digests.get(version)
  if (known !== undefined) return known
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
  const digest = hash.digest('hex')
  digests.set(version, digest)
  return digest
}
