import { familyLine, headline, outcome, runCounts } from './format.ts'
import type { ButterflyReport } from './model.ts'
import { testOutcome, testTitle } from './model.ts'

/** Colours for the console summary; identity functions give plain text. */
export interface ConsoleColors {
  green: (s: string) => string
  red: (s: string) => string
  yellow: (s: string) => string
  dim: (s: string) => string
  bold: (s: string) => string
}

const plain: ConsoleColors = { green: (s) => s, red: (s) => s, yellow: (s) => s, dim: (s) => s, bold: (s) => s }

/**
 * The console summary: one line per butterfly assertion (pass/fail, the
 * statistic against the tolerance, the noise floor), then baseline and
 * obsolete counts. Printed after Vitest's own reporter output.
 *
 * @example
 * console.log(renderConsoleSummary(buildReport(tests)))
 */
export function renderConsoleSummary(report: ButterflyReport, colors: ConsoleColors = plain): string {
  const { summary } = report
  if (summary.tests === 0 && report.obsolete.length === 0 && report.removed.length === 0) return ''
  const lines: string[] = ['', colors.bold(' butterfly ') + colors.dim(`${summary.assertions} assertion${summary.assertions === 1 ? '' : 's'} in ${summary.tests} test${summary.tests === 1 ? '' : 's'}`)]
  for (const test of report.tests) {
    if (test.state === 'skipped' || test.state === 'pending') {
      lines.push(colors.dim(`  ↓ ${testTitle(test)} (skipped)`))
      continue
    }
    const result = testOutcome(test)
    const mark = result === 'expected-failure'
      ? colors.yellow(' (expected failure, .fails)')
      : result === 'error' ? colors.red(' (error in a .fails test: not a caught instability)') : ''
    lines.push(`  ${testTitle(test)}${mark}`)
    for (const record of test.records) {
      const ok = outcome(record) === 'passed'
      // A passing stability check that decided nothing is marked apart from a stable one.
      const undecided = ok && record.kind === 'stability' && (record.outcome === 'inconclusive' || record.outcome === 'vacuous')
      // A report() measurement fails no test: one that does not hold needs a look, it is not a failure.
      const reported = (record.kind === 'stability' || record.kind === 'run') && record.reported === true
      const mark = undecided ? colors.yellow(record.kind === 'stability' && record.outcome === 'vacuous' ? '∅' : '?') : ok ? colors.green('✓') : reported ? colors.yellow('!') : colors.red('✗')
      const line = `${reported ? 'reported · ' : ''}${headline(record)}`
      lines.push(`    ${mark} ${ok ? (undecided ? colors.yellow(line) : line) : reported ? colors.yellow(line) : colors.red(line)}`)
    }
  }
  const b = summary.baselines
  const counts = [
    summary.failed > 0 ? colors.red(`${summary.failed} failed`) : '',
    summary.errors > 0 ? colors.red(`${summary.errors} error${summary.errors === 1 ? '' : 's'} in .fails tests`) : '',
    summary.expectedFailures > 0 ? colors.yellow(`${summary.expectedFailures} expected failure${summary.expectedFailures === 1 ? '' : 's'}`) : '',
    colors.green(`${summary.passed} passed`),
  ].filter(Boolean).join(', ')
  lines.push(`  ${colors.bold('Invariants')}  ${counts} (${summary.tests})`)
  const baselineParts = Object.entries(b).filter(([, n]) => n > 0).map(([k, n]) => `${n} ${k}`)
  if (baselineParts.length > 0) lines.push(`  ${colors.bold('Baselines')}   ${baselineParts.join(', ')}`)
  const latencyParts = Object.entries(summary.latency).filter(([, n]) => n > 0).map(([k, n]) => `${n} ${k}`)
  if (latencyParts.length > 0) lines.push(`  ${colors.bold('Latency')}     ${latencyParts.join(', ')}`)
  const family = familyLine(summary.multipleComparisons)
  if (family) lines.push(`  ${colors.bold('Suite-wide')}  ${family}`)
  for (const failure of summary.multipleComparisons.failures) lines.push(colors.red(`    ✗ ${failure} (fails after the adjustment)`))
  if (summary.execution.runs > 0) lines.push(`  ${colors.bold('Runs')}        ${runCounts(summary.execution)}`)
  if (report.obsolete.length > 0) {
    lines.push(colors.yellow(`  Obsolete    ${report.obsolete.length} baseline file${report.obsolete.length === 1 ? '' : 's'} no test checks any more (vitest -u removes them):`))
    for (const file of report.obsolete) lines.push(colors.yellow(`    ${file}`))
  }
  if (report.removed.length > 0) {
    lines.push(colors.yellow(`  Removed     ${report.removed.length} obsolete baseline file${report.removed.length === 1 ? '' : 's'} (-u):`))
    for (const file of report.removed) lines.push(colors.yellow(`    ${file}`))
  }
  if (report.filtered) lines.push(colors.yellow(`  Filtered    ${filterText(report.filtered)}: this summary and the reports cover only the tests that ran`))
  return lines.join('\n')
}

/** `files specs/x.spec.ts, -t "name"`: what narrowed a run, for the console and Markdown. */
export function filterText(filter: NonNullable<ButterflyReport['filtered']>): string {
  const parts = []
  if (filter.files.length > 0) parts.push(`files ${filter.files.join(', ')}`)
  if (filter.testNamePattern !== undefined) parts.push(`-t ${JSON.stringify(filter.testNamePattern)}`)
  return parts.join(', ')
}
