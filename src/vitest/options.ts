import { isAbsolute, resolve } from 'node:path'
import type { RemoteCacheOptions } from '../cache/resolve.ts'
import { remoteOf } from '../cache/resolve.ts'
import type { MarkdownStyle } from '../report/markdown-fit.ts'
import type { ProgressMode } from './progress.ts'
import { progressMode } from './progress.ts'
import { DEFAULT_REPORT_FILES, DEFAULT_SNAPSHOT_DIR, defaultCacheDir } from '../constants.ts'
import { OptionsError } from '../errors.ts'
import type { MultipleComparisons } from '../stats/multiplicity.ts'

/** Where and how the butterfly reporter writes its reports. */
export interface ReportOptions {
  /**
   * Markdown report (PR-comment ready): `'compact'` (failing and inconclusive
   * tests in full, passing ones a line each in a collapsed `<details>`, never
   * over 60,000 characters) or `'full'` (every test in full, never cut),
   * written to `butterfly-report.md`; a path (relative to the project root)
   * for a compact report there; `{ file, style }` for both; `false` for none.
   * @default 'compact'
   * @example
   * butterfly({ report: { markdown: 'full' } })
   * butterfly({ report: { markdown: { file: 'reports/butterfly.md', style: 'full' } } })
   */
  markdown?: MarkdownStyle | (string & {}) | false | { file?: string | false; style?: MarkdownStyle }
  /**
   * HTML report (self-contained: charts of drift against tolerance and noise,
   * the ripple across stages, sortable tables), relative to the project root;
   * `false` for none.
   * @default next to the Markdown report: 'butterfly-report.html'
   */
  html?: string | false
  /**
   * JSON report (schema in docs/report-schema.md), relative to the project root; `false` for none.
   * @default 'butterfly-report.json'
   */
  json?: string | false
  /**
   * Append the Markdown report to the file named by `$GITHUB_STEP_SUMMARY` when it is set.
   * @default true
   */
  githubSummary?: boolean
  /**
   * Print the per-invariant summary after Vitest's own output.
   * @default true
   */
  console?: boolean
  /**
   * Progress of sweeps that run longer than 2 s (runs done / total, stages
   * executed / cached, model calls, ETA): on an interactive terminal one line
   * with a bar, redrawn in place in Vitest's summary window; in CI logs a
   * line on stderr every 10 s. `true` also under the `dot` reporter, where it
   * is otherwise silent; `false` never.
   * @default on, except under the dot reporter
   */
  progress?: boolean
}

/** The plugin's `cache` option: a remote tier that CI machines and developers share. */
export interface ButterflyCacheOptions {
  /**
   * A Redis URL (`redis://host:port`), or the options of `createRedisStore`
   * without `onWarning`; `false` for none, also when `BUTTERFLY_REMOTE_CACHE` is set.
   * Read on a local miss, written back after every execution; a remote that
   * fails degrades to the local directory with one warning.
   * @default process.env.BUTTERFLY_REMOTE_CACHE, else none
   * @example
   * butterfly({ cache: { remote: process.env.REDIS_URL } })
   */
  remote?: RemoteCacheOptions | false
}

/** What happens to baseline files no test checks any more. */
export type ObsoleteMode = 'report' | 'fail' | 'ignore'

/** Options of the {@link butterfly} plugin. */
export interface ButterflyOptions {
  /**
   * Directory of the stage cache shared by every spec, relative to the project root.
   * @default process.env.BUTTERFLY_CACHE_DIR ?? '.butterfly/cache'
   */
  cacheDir?: string
  /** The stage cache's shared remote tier (see docs/ci.md). */
  cache?: ButterflyCacheOptions
  /**
   * Directory of the reviewed baselines written by `toMatchBaseline`, relative to the project root.
   * @default 'snapshots'
   */
  snapshotDir?: string
  /** Report outputs. @default markdown and JSON files, `$GITHUB_STEP_SUMMARY`, console summary */
  report?: ReportOptions
  /**
   * Obsolete baseline files (no test checks them any more): `'report'` lists
   * them, `'fail'` also fails the run when snapshots are not being updated
   * (in CI), like Vitest's obsolete snapshots; `-u` removes them in both modes.
   * @default 'report'
   */
  obsolete?: ObsoleteMode
  /**
   * Suite-wide error control over every stability invariant of the run: the
   * reporter adjusts all their p-values together and the exit code follows
   * the adjusted verdicts. `'holm'` keeps the chance of any false `unstable`
   * in the run ≤ α; `'bh'` keeps the expected share of false `unstable`
   * among the `unstable` ones ≤ α; `'none'` judges each at its own α.
   * See docs/statistics.md#suite-wide-error-control.
   * @default 'holm'
   */
  multipleComparisons?: MultipleComparisons
}

/** {@link ButterflyOptions} with defaults filled in and paths made absolute; provided to workers. */
export interface ResolvedButterflyOptions {
  root: string
  /** Spec files' baseline folders are named relative to this (the common base of the project's `include` globs). */
  specRoot: string
  cacheDir: string
  /** The remote tier, from the option or `BUTTERFLY_REMOTE_CACHE`; `false` when there is none. */
  remoteCache: Exclude<RemoteCacheOptions, string> | false
  snapshotDir: string
  report: { markdown: string | false; markdownStyle: MarkdownStyle; html: string | false; json: string | false; githubSummary: boolean; console: boolean }
  /** How long sweeps show progress; the plugin sets it from the reporters and the terminal. */
  progress: ProgressMode
  obsolete: ObsoleteMode
  multipleComparisons: MultipleComparisons
}

const abs = (root: string, path: string): string => (isAbsolute(path) ? path : resolve(root, path))

/**
 * The directory every `include` glob starts in (`specs/**\/*.spec.ts` →
 * `<root>/specs`), so baselines are named `snapshots/model-selection.spec.ts/…`
 * rather than repeating the folder every spec lives in; `root` when the globs
 * share no directory.
 */
export function specRootOf(root: string, include: readonly string[]): string {
  const bases = include.map((glob) => {
    const parts = glob.replace(/^\.\//, '').split('/')
    const stat: string[] = []
    for (const part of parts.slice(0, -1)) {
      if (/[*?[\]{}()!]/.test(part)) break
      stat.push(part)
    }
    return stat
  })
  if (bases.length === 0) return root
  const common: string[] = []
  for (let i = 0; bases.every((b) => b[i] !== undefined && b[i] === bases[0]![i]); i++) common.push(bases[0]![i]!)
  return common.length === 0 ? root : resolve(root, ...common)
}

/** Fills in the defaults of {@link ButterflyOptions} for a project rooted at `root`. */
export function resolveButterflyOptions(options: ButterflyOptions, root: string, specRoot: string = root): ResolvedButterflyOptions {
  const report = options.report ?? {}
  const md = report.markdown
  const style: MarkdownStyle = md === 'full' || (typeof md === 'object' && md && md.style === 'full') ? 'full' : 'compact'
  const named = md === undefined || md === 'full' || md === 'compact' ? undefined : typeof md === 'object' && md ? md.file : md
  const markdown = named ?? DEFAULT_REPORT_FILES.markdown
  const html = report.html ?? (typeof markdown === 'string' && markdown.endsWith('.md') ? `${markdown.slice(0, -3)}.html` : 'butterfly-report.html')
  const json = report.json ?? DEFAULT_REPORT_FILES.json
  return {
    root,
    specRoot,
    cacheDir: abs(root, options.cacheDir ?? defaultCacheDir()),
    remoteCache: remoteOf({ ...(options.cache?.remote !== undefined ? { remote: options.cache.remote } : {}) }) ?? false,
    snapshotDir: abs(root, options.snapshotDir ?? DEFAULT_SNAPSHOT_DIR),
    report: {
      markdown: markdown === false ? false : abs(root, markdown),
      markdownStyle: style,
      html: html === false ? false : abs(root, html),
      json: json === false ? false : abs(root, json),
      githubSummary: report.githubSummary ?? true,
      console: report.console ?? true,
    },
    obsolete: options.obsolete ?? 'report',
    progress: progressMode(report.progress, [], false),
    multipleComparisons: resolveMultipleComparisons(options.multipleComparisons),
  }
}

function resolveMultipleComparisons(method: unknown): MultipleComparisons {
  if (method === undefined) return 'holm'
  if (method === 'holm' || method === 'bh' || method === 'none') return method
  throw new OptionsError(`option "multipleComparisons" must be 'holm', 'bh' or 'none', got ${JSON.stringify(method)}`, { component: 'plugin' })
}
