// Also published as `vitest-butterfly/plugin`, a deprecated alias kept for 0.x: the plugin is
// exported by `vitest-butterfly/vitest` (src/vitest/index.ts) with the rest of the Vitest layer.
import { randomUUID } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import type { Plugin } from 'vitest/config'
import type { Vitest } from 'vitest/node'
import type { ButterflyOptions, ResolvedButterflyOptions } from './options.ts'
import { resolveButterflyOptions, specRootOf } from './options.ts'
import { PROGRESS_MARK, progressMode } from './progress.ts'
import { ButterflyReporter } from './reporter.ts'

export type { ButterflyCacheOptions, ButterflyOptions, ObsoleteMode, ReportOptions, ResolvedButterflyOptions } from './options.ts'
export { ButterflyReporter } from './reporter.ts'
export type { ButterflyReporterOptions } from './reporter.ts'

// The setup file sits next to this module: `.ts` in the sources, `.js` once built.
const here = import.meta.url
const setupFile = fileURLToPath(new URL(here.endsWith('.ts') ? './setup.ts' : './setup.js', here))

// One butterfly reporter per Vitest instance, however many projects use the plugin.
const reporters = new WeakMap<Vitest, Map<string, ResolvedButterflyOptions>>()

const isBlob = (reporter: unknown): boolean =>
  (Array.isArray(reporter) && reporter[0] === 'blob') || reporter === 'blob' || (reporter as { constructor?: { name?: string } } | null)?.constructor?.name === 'BlobReporter'

/**
 * The vitest-butterfly plugin. One line wires everything: the setup file
 * that registers the matchers, the options every worker reads (`inject`),
 * and the butterfly reporter, added next to the reporters Vitest already
 * resolved (the user's, `--reporter` from the command line, or the default),
 * which all keep running.
 *
 * Use it in the config of the project that runs the stability specs (root
 * config, or a project's inline config in `test.projects`).
 *
 * @example
 * import { defineConfig } from 'vitest/config'
 * import { butterfly } from 'vitest-butterfly/vitest'
 * export default defineConfig({
 *   plugins: [butterfly({ snapshotDir: 'snapshots' })],
 *   test: { include: ['specs/**\/*.spec.ts'] },
 * })
 */
export function butterfly(options: ButterflyOptions = {}): Plugin {
  return {
    name: 'vitest-butterfly',
    config() {
      return { test: { setupFiles: [setupFile] } }
    },
    configureVitest({ vitest, project }) {
      // Identifies this run to its workers: they share one warning about a failing remote cache.
      process.env.BUTTERFLY_RUN_ID ??= randomUUID()
      const resolved = resolveButterflyOptions(options, project.config.root, specRootOf(project.config.root, project.config.include))
      const names = (vitest.config.reporters as unknown[]).flatMap((r) => (r instanceof ButterflyReporter ? [] : Array.isArray(r) ? [String(r[0])] : typeof r === 'string' ? [r] : ['custom']))
      // The line is drawn from the workers' relayed console output: not under Vitest's UI (not this terminal), nor when
      // Vitest does not intercept the console (the relay would be printed as is); there progress stays lines on stderr.
      const relay = process.stderr.isTTY === true && !process.env.CI && !vitest.config.ui && !project.config.disableConsoleIntercept
      resolved.progress = progressMode(options.report?.progress, names, relay)
      project.provide('butterfly', resolved)
      let projects = reporters.get(vitest)
      if (!projects) {
        projects = new Map()
        reporters.set(vitest, projects)
        const list = vitest.config.reporters as unknown[]
        // Relayed progress is for the butterfly reporter's line, not any reporter's console output.
        const user = vitest.config.onConsoleLog
        vitest.config.onConsoleLog = (log, type, entity) => (log.startsWith(PROGRESS_MARK) ? false : user?.(log, type, entity))
        // Added to the resolved list: whatever Vitest chose (config, --reporter, default) stays.
        list.push(new ButterflyReporter({ projects, writeFiles: !list.some(isBlob) }))
      }
      projects.set(project.name, resolved)
    },
  }
}
