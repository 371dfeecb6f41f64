import type { ButterflyReport } from './model.ts'

/**
 * The JSON report as text (schema: docs/report-schema.md). Two-space
 * indentation and a final newline; key order is fixed by construction, so
 * equal reports give equal bytes.
 *
 * @example
 * writeFileSync('butterfly-report.json', renderJson(buildReport(tests)))
 */
export function renderJson(report: ButterflyReport): string {
  return `${JSON.stringify(report, null, 2)}\n`
}
