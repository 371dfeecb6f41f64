import type { MultipleComparisons } from '../stats/multiplicity.ts'
import type { FamilySummary } from './family.ts'
import { applyFamily } from './family.ts'
import { outcome } from './format.ts'
import type { ExecutionRecord, InvariantRecord } from './record.ts'

/** Identifies the JSON report format. */
export const REPORT_SCHEMA = 'vitest-butterfly/report'
/** Version of the JSON report format (docs/report-schema.md). Bumped on incompatible changes. */
export const REPORT_SCHEMA_VERSION = 2

/** One Vitest test that made butterfly assertions. */
export interface ReportTest {
  /** Spec file relative to the project root, `/`-separated. */
  file: string
  /** Vitest project name; omitted for the unnamed root project. */
  project?: string
  /** Describe names outermost first, then the test name. */
  name: string[]
  /** Vitest's state of the test. */
  state: 'passed' | 'failed' | 'skipped' | 'pending'
  /** Declared with `.fails`: Vitest passes it when an assertion fails (a known, documented instability). */
  expectedFailure?: true
  /** Assertion outcomes in call order. */
  records: InvariantRecord[]
  /**
   * The suite-wide adjustment turned this test's verdict into a failure that
   * Vitest did not see in the worker (see `summary.multipleComparisons.failures`).
   */
  familyFailure?: true
}

/** Counts over the whole report. */
export interface ReportSummary {
  tests: number
  passed: number
  failed: number
  /** Tests declared with `.fails` whose stability or baseline claim failed as declared: caught instabilities. */
  expectedFailures: number
  /**
   * Tests declared with `.fails` with an assertion that could not measure (an
   * error record) or a stability check that failed undecided (inconclusive or
   * vacuous with `'fail'`). Vitest passes them because they threw, but they catch nothing.
   */
  errors: number
  /** Butterfly assertions (records). */
  assertions: number
  baselines: { matched: number; written: number; updated: number; drifted: number; missing: number }
  /** Latency checks (`toStayWithinLatency`) by status. */
  latency: { within: number; inconclusive: number; regressed: number; written: number; updated: number }
  obsolete: number
  /** The suite-wide multiplicity adjustment of the stability invariants (the `multipleComparisons` plugin option). */
  multipleComparisons: FamilySummary
  /** Runs, stage counts and model calls over every record, each run counted once (records marked `reused` left out). */
  execution: Omit<ExecutionRecord, 'reused'>
}

/** The whole report: what the JSON file holds, and what the Markdown and console renderings show. */
export interface ButterflyReport {
  schema: typeof REPORT_SCHEMA
  version: typeof REPORT_SCHEMA_VERSION
  summary: ReportSummary
  tests: ReportTest[]
  /** Baseline files no test checks any more, relative to the project root. */
  obsolete: string[]
  /** Obsolete baseline files this run removed (`-u`), relative to the project root. */
  removed: string[]
  /** Set when the run was narrowed by file filters or `-t`: the report covers only the tests that ran. */
  filtered?: ReportFilter
}

/** What narrowed a run. */
export interface ReportFilter {
  /** File filters given on the command line. */
  files: string[]
  /** The `-t` pattern, when given. */
  testNamePattern?: string
}

/** `file > describe > test`, with the project in brackets when there is one. */
export function testTitle(t: ReportTest): string {
  return `${t.project ? `[${t.project}] ` : ''}${t.file} > ${t.name.join(' > ')}`
}

/** A test's outcome as the reports show it. */
export type TestOutcome = 'passed' | 'failed' | 'expected-failure' | 'error' | 'skipped'

// A stability check that failed without being unstable (inconclusive or vacuous declared 'fail') caught nothing.
const undecided = (r: InvariantRecord): boolean =>
  r.kind === 'stability' && !r.negated && outcome(r) === 'failed' && r.outcome !== 'unstable'

/**
 * A test's outcome as the reports show it: `failed` when Vitest failed it or
 * an assertion failed outside `.fails`; for a `.fails` test that Vitest
 * passed, `error` when an assertion could not measure or a stability check
 * failed undecided (inconclusive or vacuous with `'fail'`): Vitest passes a
 * `.fails` test whatever it threw, so a missing file, a bad stage name or too
 * few repeats would otherwise pass for a caught instability; `expected-failure` when a
 * stability or baseline claim failed as declared, else `passed`; `skipped`
 * when it did not run.
 */
export function testOutcome(t: ReportTest): TestOutcome {
  // A measurement put in with report() informs; only assertions decide the test.
  const asserted = t.records.filter((r) => !((r.kind === 'stability' || r.kind === 'run') && r.reported))
  return outcomeOf(t, asserted)
}

function outcomeOf(t: ReportTest, records: readonly InvariantRecord[]): TestOutcome {
  if (t.state === 'skipped' || t.state === 'pending') return 'skipped'
  if (t.state === 'failed' || t.familyFailure) return 'failed'
  if (t.expectedFailure) {
    if (records.some((r) => r.kind === 'error' || undecided(r))) return 'error'
    return records.some((r) => outcome(r) === 'failed') ? 'expected-failure' : 'passed'
  }
  return records.some((r) => outcome(r) === 'failed') ? 'failed' : 'passed'
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/** Options of {@link buildReport}. */
export interface BuildReportOptions {
  /** Suite-wide adjustment of the stability invariants' p-values (the plugin passes its `multipleComparisons`, default `'holm'`). @default 'none' */
  multipleComparisons?: MultipleComparisons
  /** Obsolete baseline files this run removed (`-u`). @default [] */
  removed?: readonly string[]
  /** What narrowed the run, when something did. */
  filtered?: ReportFilter
}

/**
 * Builds the report from the tests that carry butterfly records. Tests are
 * ordered by project and file (stable across shards), keeping definition
 * order within a file; nothing time-dependent is included, so a merged
 * sharded run gives the same report as an unsharded one. The stability
 * invariants are judged as one family (see `applyFamily`).
 */
export function buildReport(tests: readonly ReportTest[], obsolete: readonly string[] = [], options: BuildReportOptions = {}): ButterflyReport {
  const sorted = tests
    .map((t, i) => ({ t, i }))
    .sort((a, b) => compare(a.t.project ?? '', b.t.project ?? '') || compare(a.t.file, b.t.file) || a.i - b.i)
    .map(({ t }) => t)
  const family = applyFamily(sorted, options.multipleComparisons ?? 'none')
  const ordered = family.tests
  const baselines = { matched: 0, written: 0, updated: 0, drifted: 0, missing: 0 }
  const latency = { within: 0, inconclusive: 0, regressed: 0, written: 0, updated: 0 }
  const execution: Omit<ExecutionRecord, 'reused'> = { runs: 0, executed: 0, cached: 0, failed: 0, skipped: 0, modelCalls: 0 }
  const counted = ['runs', 'executed', 'cached', 'failed', 'skipped', 'modelCalls'] as const
  let remote = 0
  let assertions = 0
  for (const t of ordered) {
    for (const r of t.records) {
      assertions++
      if (r.kind === 'baseline') baselines[r.status]++
      if (r.kind === 'latency') latency[r.status]++
      // A latency check times the stage's run function directly: no pipeline runs to count.
      if (r.kind === 'error' || r.kind === 'latency' || r.execution.reused) continue
      for (const key of counted) execution[key] += r.execution[key]
      if (r.execution.remote) remote += r.execution.remote
      if (r.execution.cost !== undefined) execution.cost = (execution.cost ?? 0) + r.execution.cost
    }
  }
  const failed = ordered.filter((t) => testOutcome(t) === 'failed').length
  return {
    schema: REPORT_SCHEMA,
    version: REPORT_SCHEMA_VERSION,
    summary: {
      tests: ordered.length,
      passed: ordered.filter((t) => testOutcome(t) === 'passed').length,
      failed,
      expectedFailures: ordered.filter((t) => testOutcome(t) === 'expected-failure').length,
      errors: ordered.filter((t) => testOutcome(t) === 'error').length,
      assertions,
      baselines,
      latency,
      obsolete: obsolete.length,
      multipleComparisons: family.summary,
      execution: remote > 0 ? { ...execution, remote } : execution,
    },
    tests: ordered,
    obsolete: [...obsolete].sort(),
    removed: [...(options.removed ?? [])].sort(),
    ...(options.filtered ? { filtered: { files: [...options.filtered.files], ...(options.filtered.testNamePattern !== undefined ? { testNamePattern: options.filtered.testNamePattern } : {}) } } : {}),
  }
}
