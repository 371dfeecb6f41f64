import type { Stats } from 'node:fs'
import { closeSync, fstatSync, openSync, readSync } from 'node:fs'
import { open } from 'node:fs/promises'
import type { FileHandle } from 'node:fs/promises'

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

// Reads through one descriptor, so that the identity (fstat) and the bytes
// are of the same version even when a rename replaces the file meanwhile.
function readOpen(fd: number, whole: boolean): EntryFile | 'large' {
  const stats = fstatSync(fd)
  const size = stats.size
  if (size > SYNC_LIMIT && !whole) return 'large'
  const bytes = Buffer.allocUnsafe(size)
  let read = 0
  while (read < size) {
    const n = readSync(fd, bytes, read, size - read, read)
    if (n === 0) break
    read += n
  }
  return { bytes: read === size ? bytes : bytes.subarray(0, read), id: identityOf(stats) }
}

function openEntry(file: string): number | undefined {
  try {
    return openSync(file, 'r')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
}

/** The bytes of `file` and their identity, or `undefined` when it does not exist; other errors throw. */
export async function readEntryFile(file: string): Promise<EntryFile | undefined> {
  const fd = openEntry(file)
  if (fd === undefined) return undefined
  let read: EntryFile | 'large'
  try {
    read = readOpen(fd, false)
  } finally {
    closeSync(fd)
  }
  if (read !== 'large') return read
  // Opened again (a rename may have replaced the file meanwhile): the identity and the bytes come from one descriptor.
  let handle: FileHandle
  try {
    handle = await open(file, 'r')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
  try {
    const id = identityOf(await handle.stat())
    return { bytes: await handle.readFile(), id }
  } finally {
    await handle.close()
  }
}

/** {@link readEntryFile}, synchronously whatever the size: for an output read when something first reads it. */
export function readEntryFileSync(file: string): EntryFile | undefined {
  const fd = openEntry(file)
  if (fd === undefined) return undefined
  try {
    return readOpen(fd, true) as EntryFile
  } finally {
    closeSync(fd)
  }
}
