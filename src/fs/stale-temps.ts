import { readdir, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'

/**
 * How old a temporary file must be before it counts as orphaned: a write
 * (temp file, then rename) takes milliseconds, so an hour-old one was left by
 * a process that was killed between the two.
 */
export const STALE_TEMP_MS = 60 * 60 * 1000

/**
 * Removes the `*.tmp` files directly in `dir` (or under it, with
 * `recursive`) last modified more than `olderThanMs` ago: what atomic writes
 * leave behind when their process dies between write and rename. Fresh temp
 * files (a live writer's) are kept. A missing directory has none. Returns the
 * files removed.
 *
 * @example
 * await removeStaleTempFiles('cassettes/model-selection') // ['…/0a1b….json.4242.9f3c2a1d.tmp']
 */
export async function removeStaleTempFiles(
  dir: string, options: { olderThanMs?: number; recursive?: boolean; now?: number } = {},
): Promise<string[]> {
  const olderThan = options.olderThanMs ?? STALE_TEMP_MS
  const now = options.now ?? Date.now()
  const entries = await readdir(dir, { withFileTypes: true, recursive: options.recursive === true }).catch(() => [])
  const removed: string[] = []
  await Promise.all(entries.filter((e) => e.isFile() && e.name.endsWith('.tmp')).map(async (e) => {
    const path = join(e.parentPath, e.name)
    const s = await stat(path).catch(() => undefined)
    if (!s || now - s.mtimeMs <= olderThan) return
    await rm(path, { force: true })
    removed.push(path)
  }))
  return removed.sort()
}
