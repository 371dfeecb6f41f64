import { isAbsolute, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const repoRoot = fileURLToPath(new URL('../../', import.meta.url))

/**
 * The default data directory as it enters the params (and so the cache keys):
 * `BUTTERFLY_DATA_DIR` resolved against the working directory when set, else
 * `../shared/data` kept relative to the repository root, so the default key is
 * the same on every machine and in every clone.
 *
 * @default process.env.BUTTERFLY_DATA_DIR ?? '../shared/data'
 */
export const DEFAULT_DATA_DIR: string = process.env.BUTTERFLY_DATA_DIR ? resolve(process.env.BUTTERFLY_DATA_DIR) : '../shared/data'

/**
 * Resolves a `data.dir` param to an absolute path; relative paths are
 * relative to the repository root (the folder holding `package.json`).
 *
 * @example
 * resolveDataDir('../shared/data') // '/work/shared/data' for a repo in /work/main
 */
export function resolveDataDir(dir: string): string {
  return isAbsolute(dir) ? dir : resolve(repoRoot, dir)
}
