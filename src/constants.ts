/**
 * The defaults of vitest-butterfly, each written once. Options documented
 * with `@default` refer to these.
 */

/** Where the file-system cache lives, relative to the working directory (or the Vitest root). */
export const DEFAULT_CACHE_DIR = '.butterfly/cache'

/** The environment variable that moves the default cache directory (CI caches it between runs). */
export const CACHE_DIR_ENV = 'BUTTERFLY_CACHE_DIR'

/** Where reviewed baselines live, relative to the Vitest root. */
export const DEFAULT_SNAPSHOT_DIR = 'snapshots'

/** The report files the plugin writes, relative to the Vitest root. */
export const DEFAULT_REPORT_FILES = { markdown: 'butterfly-report.md', json: 'butterfly-report.json' } as const

/** Samples per variant in a sweep. */
export const DEFAULT_SWEEP_REPEATS = 3

/** Runs of a sweep in flight at once. */
export const DEFAULT_SWEEP_CONCURRENCY = 4

/** Timed executions of a stage in `benchStage` (at least), and the time budget in ms. */
export const DEFAULT_BENCH = { iterations: 32, timeMs: 500 } as const

/** The default cache directory: `BUTTERFLY_CACHE_DIR` when set, else `.butterfly/cache`. */
export function defaultCacheDir(): string {
  return process.env[CACHE_DIR_ENV] ?? DEFAULT_CACHE_DIR
}
