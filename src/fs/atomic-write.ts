import { randomBytes } from 'node:crypto'
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { mkdir, rename, rm, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'

/** What both writers accept. */
export interface AtomicWriteOptions {
  /**
   * Runs once the folders exist, just before the temporary file is written;
   * throwing stops the write. Baselines use it to prove again that the path
   * stays inside `snapshots/` (a symlinked folder created meanwhile must not redirect the write).
   */
  beforeWrite?: () => void
}

// Beside the target, so that the rename stays on one file system; unique per
// process and call, and created with 'wx' so that two writers never share one.
const tempOf = (file: string): string => `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`

/**
 * Writes `data` to `file` so that readers see the old content or the new,
 * never part of it: folders created, a temporary file written beside it, then
 * renamed into place. The temporary file is removed when anything fails, and
 * the error (Node's own) is rethrown for the caller to name in its terms.
 * The one atomic write of the cache, the cassettes and everything under `snapshots/`.
 *
 * @example
 * await writeFileAtomic('.butterfly/cache/ab/cdef', bytes)
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  const temp = tempOf(file)
  try {
    await mkdir(dirname(file), { recursive: true })
    options.beforeWrite?.()
    await writeFile(temp, data, { flag: 'wx' })
    await rename(temp, file)
  } catch (error) {
    await rm(temp, { force: true })
    throw error
  }
}

/**
 * {@link writeFileAtomic}, synchronously: for matchers that must finish their
 * writes before the test reports.
 *
 * @example
 * writeFileAtomicSync('snapshots/spec/test.json', text)
 */
export function writeFileAtomicSync(file: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): void {
  const temp = tempOf(file)
  try {
    mkdirSync(dirname(file), { recursive: true })
    options.beforeWrite?.()
    writeFileSync(temp, data, { flag: 'wx' })
    renameSync(temp, file)
  } catch (error) {
    rmSync(temp, { force: true })
    throw error
  }
}
