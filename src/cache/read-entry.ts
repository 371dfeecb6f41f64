import type { Stats } from 'node:fs'
import { closeSync, fstatSync, openSync, readFile, readSync } from 'node:fs'
import { promisify } from 'node:util'

// Below this size an entry is read synchronously: a warm run reads tens of
// thousands of small entries, and a synchronous read costs a fifth of an
// asynchronous one (no round trip through libuv's thread pool, which is
// slowest exactly when the machine is busy). Larger entries are read
// asynchronously, so that no read blocks the event loop for long.
const SYNC_LIMIT = 1024 * 1024

/**
 * Which version of a file a read saw, as `stat` tells it: a write through the
 * file system changes the ctime, and an atomic write (a rename) the inode too.
 */
export interface FileIdentity {
  ino: number
  size: number
  mtimeMs: number
  ctimeMs: number
}

/** The identity of a file from its stats. */
export const identityOf = (s: Stats): FileIdentity => ({ ino: s.ino, size: s.size, mtimeMs: s.mtimeMs, ctimeMs: s.ctimeMs })

/** The bytes of an entry file and the identity of the version read. */
export interface EntryFile {
  bytes: Buffer
  id: FileIdentity
}

// Reads the whole file through its open descriptor.
function readAll(fd: number, size: number): Buffer {
  const bytes = Buffer.allocUnsafe(size)
  let read = 0
  while (read < size) {
    const n = readSync(fd, bytes, read, size - read, read)
    if (n === 0) break
    read += n
  }
  return read === size ? bytes : bytes.subarray(0, read)
}

const readFd = promisify(readFile) as (fd: number) => Promise<Buffer>

function openEntry(file: string): number | undefined {
  try {
    return openSync(file, 'r')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
}

// Everything goes through one descriptor, so that the identity (fstat) and the
// bytes are of the same version even when a rename replaces the file meanwhile.

/** The bytes of `file` and their identity, or `undefined` when it does not exist; other errors throw. */
export async function readEntryFile(file: string): Promise<EntryFile | undefined> {
  const fd = openEntry(file)
  if (fd === undefined) return undefined
  try {
    const stats = fstatSync(fd)
    return { bytes: stats.size > SYNC_LIMIT ? await readFd(fd) : readAll(fd, stats.size), id: identityOf(stats) }
  } finally {
    closeSync(fd)
  }
}

/** {@link readEntryFile}, synchronously whatever the size: for an output read when something first reads it. */
export function readEntryFileSync(file: string): EntryFile | undefined {
  const fd = openEntry(file)
  if (fd === undefined) return undefined
  try {
    const stats = fstatSync(fd)
    return { bytes: readAll(fd, stats.size), id: identityOf(stats) }
  } finally {
    closeSync(fd)
  }
}
