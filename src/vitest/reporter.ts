import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs'
import { dirname, relative, sep } from 'node:path'
import type { UserConsoleLog } from 'vitest'
import type { Reporter, TestCase, TestModule, TestRunEndReason, Vitest } from 'vitest/node'
import { findObsoleteBaselines, removeObsoleteBaselines } from '../baselines/obsolete.ts'
import { specKeyOf } from '../baselines/paths.ts'
import { renderConsoleSummary } from '../report/console.ts'
import type { ConsoleColors } from '../report/console.ts'
import { renderHtml } from '../report/html.ts'
import { renderJson } from '../report/json.ts'
import { renderMarkdown } from '../report/markdown.ts'
import { buildReport } from '../report/model.ts'
import type { ButterflyReport, ReportTest } from '../report/model.ts'
import type { ButterflyTaskMeta } from '../report/record.ts'
import { redactValue } from '../core/redact.ts'
import type { ResolvedButterflyOptions } from './options.ts'
import { PROGRESS_MARK } from './progress.ts'
import { progressBoardFor } from './progress-board.ts'

const posix = (path: string): string => path.split(sep).join('/')

function colors(): ConsoleColors {
  const on = process.stdout.isTTY === true && !process.env.NO_COLOR || Boolean(process.env.FORCE_COLOR)
  const wrap = (open: number, close: number) => (s: string): string => (on ? `\u001B[${open}m${s}\u001B[${close}m` : s)
  return { green: wrap(32, 39), red: wrap(31, 39), yellow: wrap(33, 39), dim: wrap(2, 22), bold: wrap(1, 22) }
}

/** Options of {@link ButterflyReporter}. */
export interface ButterflyReporterOptions {
  /** Resolved plugin options per Vitest project name. */
  projects: Map<string, ResolvedButterflyOptions>
  /** False in shard runs that write blobs: the merge writes the reports. @default true */
  writeFiles?: boolean
}

/**
 * Reports every butterfly assertion from the tests' `task.meta.butterfly`:
 * a console summary after Vitest's own output, a Markdown report (also
 * appended to `$GITHUB_STEP_SUMMARY`), a JSON report; and lists (or, under
 * `-u`, removes) obsolete baseline files. Because it reads task meta only, a
 * `--merge-reports` run of blobs gives the same reports as an unsharded run.
 */
export class ButterflyReporter implements Reporter {
  private vitest: Vitest | undefined
  /** The last report built, for programmatic use. */
  report: ButterflyReport | undefined

  constructor(private readonly options: ButterflyReporterOptions) {}

  private board: ReturnType<typeof progressBoardFor> | undefined

  onInit(vitest: Vitest): void {
    this.vitest = vitest
  }

  // On an interactive terminal the workers relay their sweeps' progress here: one line, redrawn in place.
  onTestRunStart(): void {
    const mode = [...this.options.projects.values()][0]?.progress
    this.board?.stop()
    this.board = this.vitest && mode && mode.draw === 'relay' ? progressBoardFor(this.vitest) : undefined
  }

  onUserConsoleLog(log: UserConsoleLog): void {
    if (!log.content.startsWith(PROGRESS_MARK)) return
    for (const line of log.content.split('\n')) if (line !== '') this.board?.take(line, log.taskId)
    // Not the test's output: kept out of its logs (the UI, junit, blobs); the plugin keeps it out of every reporter's output.
    const task = log.taskId ? (this.vitest?.state as unknown as { idMap?: Map<string, { logs?: UserConsoleLog[] }> } | undefined)?.idMap?.get(log.taskId) : undefined
    const at = task?.logs?.indexOf(log) ?? -1
    if (at >= 0) task!.logs!.splice(at, 1)
  }

  onTestCaseResult(testCase: TestCase): void {
    this.board?.endTest(testCase.id)
  }

  private settingsFor(project: string): ResolvedButterflyOptions | undefined {
    return this.options.projects.get(project) ?? [...this.options.projects.values()][0]
  }

  onTestRunEnd(testModules: ReadonlyArray<TestModule>, _errors: unknown, reason: TestRunEndReason): void {
    this.board?.stop()
    this.board = undefined
    const tests: ReportTest[] = []
    const touched = new Map<string, Set<string>>()
    const ranFully = new Map<string, Set<string>>()
    for (const module of testModules) {
      const project = module.project.name
      const settings = this.settingsFor(project)
      const file = posix(relative(module.project.config.root, module.moduleId))
      let complete = module.errors().length === 0 && (module.state() === 'passed' || module.state() === 'failed')
      for (const test of module.children.allTests()) {
        const state = test.result().state
        if (state === 'skipped' || state === 'pending') complete = false
        const meta = test.meta().butterfly as ButterflyTaskMeta | undefined
        if (!meta) continue
        const name: string[] = [test.name]
        for (let p = test.parent; p.type === 'suite'; p = p.parent) name.unshift(p.name)
        tests.push({ file, ...(project ? { project } : {}), name, state, ...(test.options.fails ? { expectedFailure: true as const } : {}), records: meta.records })
        for (const r of meta.records) {
          const used = r.kind === 'baseline' || r.kind === 'latency' || r.kind === 'error' ? r.file : undefined
          if (used !== undefined) (touched.get(project) ?? touched.set(project, new Set()).get(project)!).add(used)
        }
      }
      if (complete && settings) {
        try {
          (ranFully.get(project) ?? ranFully.set(project, new Set()).get(project)!).add(specKeyOf(settings.specRoot, module.moduleId))
        } catch {
          // A spec outside the spec root has no baseline folder to judge.
        }
      }
    }
    const obsolete = reason === 'interrupted' ? { files: [], removed: [], fail: false } : this.obsolete(touched, ranFully)
    const multipleComparisons = [...this.options.projects.values()][0]?.multipleComparisons ?? 'holm'
    // Records were redacted in the workers; this pass also covers merged blobs and this process's environment.
    const report = redactValue(buildReport(tests, obsolete.files, { multipleComparisons, removed: obsolete.removed, ...this.filter() }))
    this.report = report
    this.output(report)
    this.decideFamily(report, reason)
    if (obsolete.fail) {
      this.vitest?.logger.error(`butterfly: ${obsolete.files.length} obsolete baseline file(s), and obsolete: 'fail' fails the run when snapshots are not updated (CI); remove them with vitest -u`)
      process.exitCode = 1
    }
  }

  // What narrowed this run (file filters on the command line, -t): the report says so instead of reading as the whole suite.
  private filter(): { filtered?: { files: string[]; testNamePattern?: string } } {
    const files = (this.vitest as (Vitest & { filenamePattern?: string[] }) | undefined)?.filenamePattern ?? []
    const pattern = this.vitest?.config.testNamePattern?.source
    if (files.length === 0 && pattern === undefined) return {}
    return { filtered: { files: [...files], ...(pattern !== undefined ? { testNamePattern: pattern } : {}) } }
  }

  /**
   * The exit code honours the adjusted verdicts. A matcher decides in its
   * worker, before the other invariants' p-values exist, so it leaves a raw
   * `unstable` to this decision (it passes there); here, with every p-value of
   * the run, the family is adjusted and the run fails (`process.exitCode = 1`,
   * as Vitest's coverage thresholds do) for each verdict the adjustment
   * turned into a failure. Shards writing blobs judge only part of the family:
   * they leave the decision to `--merge-reports`.
   */
  private decideFamily(report: ButterflyReport, reason: TestRunEndReason): void {
    const { failures, method, family } = report.summary.multipleComparisons
    if (failures.length === 0 || reason === 'interrupted') return
    const how = method === 'none' ? 'at their own α' : `after the ${method === 'holm' ? 'Holm' : 'Benjamini–Hochberg'} adjustment over ${family} invariants`
    if (this.options.writeFiles === false) {
      this.vitest?.logger.log(`butterfly: ${failures.length} test(s) depend on the suite-wide verdict ${how} of this shard; the --merge-reports run decides`)
      return
    }
    this.vitest?.logger.error(`butterfly: ${failures.length} test(s) fail ${how} (multipleComparisons: '${method}'; docs/statistics.md#suite-wide-error-control):\n${failures.map((f) => `  ${f}`).join('\n')}`)
    process.exitCode = 1
  }

  /**
   * Baselines no test checked, among those this run's spec files own: only
   * the folders of spec files that ran fully (loaded, nothing filtered or
   * skipped). A baseline whose spec file did not run in this project (another
   * config's, or a spec file that was deleted) is never judged here, so one
   * config's -u cannot delete another's baselines.
   */
  private obsolete(touched: Map<string, Set<string>>, ranFully: Map<string, Set<string>>): { files: string[]; removed: string[]; fail: boolean } {
    const all: string[] = []
    const removedAll: string[] = []
    let fail = false
    const seen = new Set<string>()
    const update = this.vitest?.config.snapshotOptions.updateSnapshot
    for (const [project, settings] of this.options.projects) {
      if (settings.obsolete === 'ignore' || seen.has(settings.snapshotDir)) continue
      seen.add(settings.snapshotDir)
      const found = findObsoleteBaselines({ snapshotDir: settings.snapshotDir, touched: touched.get(project) ?? [], specFiles: ranFully.get(project) ?? [] })
      const rel = (files: string[]): string[] => files.map((f) => posix(relative(settings.root, `${settings.snapshotDir}/${f}`)))
      if (update === 'all') {
        // Every removed file is named, in the console summary and the reports.
        removedAll.push(...rel(removeObsoleteBaselines(settings.snapshotDir, found)))
        continue
      }
      const relFound = rel(found)
      all.push(...relFound)
      if (relFound.length > 0 && settings.obsolete === 'fail' && update === 'none') fail = true
    }
    return { files: all, removed: removedAll.sort(), fail }
  }

  private output(report: ButterflyReport): void {
    const settings = [...this.options.projects.values()][0]
    if (!settings) return
    if (settings.report.console) {
      const text = renderConsoleSummary(report, colors())
      if (text) (this.vitest?.logger.log ?? console.log).call(this.vitest?.logger, text)
    }
    if (this.options.writeFiles === false) return
    const { html, json } = settings.report
    const full = [html, json].filter((f): f is string => f !== false).map((f) => posix(relative(settings.root, f)))
    const markdown = renderMarkdown(report, { style: settings.report.markdownStyle, fullReport: full })
    const written: string[] = []
    if (settings.report.markdown) written.push(write(settings.report.markdown, markdown))
    if (html) written.push(write(html, renderHtml(report)))
    if (json) written.push(write(json, renderJson(report)))
    const summary = process.env.GITHUB_STEP_SUMMARY
    if (settings.report.githubSummary && summary) appendFileSync(summary, `${markdown}\n`)
    if (settings.report.console && written.length > 0) {
      (this.vitest?.logger.log ?? console.log).call(this.vitest?.logger, `  Reports     ${written.map((f) => posix(relative(settings.root, f))).join(', ')}\n`)
    }
  }
}

function write(file: string, text: string): string {
  mkdirSync(dirname(file), { recursive: true })
  writeFileSync(file, text)
  return file
}
