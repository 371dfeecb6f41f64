import { readdir, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'

/** How old a temporary file of {@link writeFileAtomic} must be to count as left behind. @default one hour */
export const STALE_TEMP_MS = 60 * 60 * 1000

/**
 * Removes, under `dir` and its subfolders, the temporary files that
 * `writeFileAtomic` leaves when its process is killed between writing and
 * renaming (`<file>.<pid>.<random>.tmp`), once they are older than
 * `olderThanMs`: a live write takes milliseconds. Returns how many it removed;
 * a missing `dir` has none. For the cache, cassettes and `snapshots/` alike.
 *
 * @example
 * await removeStaleTemps('.butterfly/cache')
 */
export async function removeStaleTemps(dir: string, olderThanMs: number = STALE_TEMP_MS, now: number = Date.now()): Promise<number> {
  let names: string[]
  try {
    names = await readdir(dir, { recursive: true })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0
    throw error
  }
  let removed = 0
  await Promise.all(names.filter((n) => /\.\d+\.[0-9a-f]+\.tmp$/.test(n)).map(async (name) => {
    const path = join(dir, name)
    const s = await stat(path).catch(() => undefined)
    if (!s?.isFile() || now - s.mtimeMs <= olderThanMs) return
    await rm(path, { force: true })
    removed++
  }))
  return removed
}
