import type { RunnerTestCase } from 'vitest'
import { invariantOutcome } from '../report/figures.ts'
import { headline } from '../report/format.ts'
import type { InvariantRecord } from '../report/record.ts'
import { withDeclaration } from './declared-at.ts'

/**
 * Puts an invariant's headline (its outcome and figures) on its test with Vitest's
 * own annotation API, so they show in Vitest's UI, its HTML reporter, the
 * verbose and failure output, and the GitHub Actions annotations Vitest
 * writes: `notice` when it held, `warning` when it needs a look
 * (inconclusive, vacuous), `error` when it failed. An error record is left
 * out: the test's failure already says it. The annotation's location is the
 * assertion's line in the spec, or for an `invariants()` test the line that
 * declared it.
 */
export function annotateRecord(task: RunnerTestCase | undefined, record: InvariantRecord): void {
  if (!task || record.kind === 'error') return
  const annotate = (task.context as { annotate?: (message: string, type?: string) => Promise<unknown> } | undefined)?.annotate
  // Outside a running test (a custom runner, an assertion after the test ended) there is nothing to annotate.
  if (typeof annotate !== 'function' || (task.result && task.result.state !== 'run')) return
  const o = invariantOutcome(record)
  const type = o.rank === 0 ? 'error' : o.rank === 1 ? 'warning' : 'notice'
  // The runner awaits the annotation with the test; a failure to record it is not the invariant's failure.
  // An invariants() test is located at its declaration in the spec (see withDeclaration).
  withDeclaration(task, () => annotate(`🦋 ${headline(record)}`, type)).then(undefined, () => {})
}
