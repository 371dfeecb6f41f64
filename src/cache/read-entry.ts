import { closeSync, fstatSync, openSync, readSync } from 'node:fs'
import { readFile } from 'node:fs/promises'

// Below this size an entry is read synchronously: a warm run reads tens of
// thousands of small entries, and a synchronous read costs a fifth of an
// asynchronous one (no round trip through libuv's thread pool, which is
// slowest exactly when the machine is busy). Larger entries are read
// asynchronously, so that no read blocks the event loop for long.
const SYNC_LIMIT = 1024 * 1024

/** The bytes of `file`, or `undefined` when it does not exist; other errors throw. */
export async function readEntryFile(file: string): Promise<Buffer | undefined> {
  let fd: number
  try {
    fd = openSync(file, 'r')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
  let size: number
  try {
    size = fstatSync(fd).size
    if (size <= SYNC_LIMIT) {
      const bytes = Buffer.allocUnsafe(size)
      let read = 0
      while (read < size) {
        const n = readSync(fd, bytes, read, size - read, read)
        if (n === 0) break
        read += n
      }
      return read === size ? bytes : bytes.subarray(0, read)
    }
  } finally {
    closeSync(fd)
  }
  // A rename may replace the file between the two reads; the hash check catches nothing torn either way.
  return readFile(file).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined
    throw error
  })
}
