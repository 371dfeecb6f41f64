import { readdir, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'

/**
 * How old a temporary file must be before it counts as orphaned: a write
 * (temp file, then rename) takes milliseconds, so an hour-old one was left by
 * a process that was killed between the two.
 */
export const STALE_TEMP_MS = 60 * 60 * 1000

/** Options of {@link removeStaleTempFiles}. */
export interface StaleTempOptions {
  /** Age (since the last modification) beyond which a file is orphaned. @default STALE_TEMP_MS (one hour) */
  olderThanMs?: number
  /** Also look in subfolders. @default false */
  recursive?: boolean
  /** Which file names are temporary. @default names ending in `.tmp` (what `writeFileAtomic` leaves) */
  match?: (name: string) => boolean
  /** The current time, for tests. @default Date.now() */
  now?: number
}

const isTemp = (name: string): boolean => name.endsWith('.tmp')

/**
 * Removes the temporary files directly in `dir` (or under it, with
 * `recursive`) last modified more than `olderThanMs` ago: what atomic writes
 * leave behind when their process dies between write and rename. Fresh temp
 * files (a live writer's) are kept; symlinks are never followed nor removed.
 * A missing directory has none. Returns the files removed.
 *
 * @example
 * await removeStaleTempFiles('cassettes/model-selection') // ['…/0a1b….json.4242.9f3c2a1d.tmp']
 */
export async function removeStaleTempFiles(dir: string, options: StaleTempOptions = {}): Promise<string[]> {
  const olderThan = options.olderThanMs ?? STALE_TEMP_MS
  const now = options.now ?? Date.now()
  const match = options.match ?? isTemp
  const entries = await readdir(dir, { withFileTypes: true, recursive: options.recursive === true }).catch(() => [])
  const removed: string[] = []
  await Promise.all(entries.filter((e) => e.isFile() && match(e.name)).map(async (e) => {
    const path = join(e.parentPath, e.name)
    const s = await stat(path).catch(() => undefined)
    if (!s || now - s.mtimeMs <= olderThan) return
    await rm(path, { force: true })
    removed.push(path)
  }))
  return removed.sort()
}
