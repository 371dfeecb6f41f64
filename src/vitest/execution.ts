import type { RunnerTestCase } from 'vitest'
import type { RunResult } from '../core/result.ts'
import type { ExecutionRecord } from '../report/record.ts'
import { attemptOf } from './task-meta.ts'

/**
 * Stage counts and model calls of runs, for a record. Model calls are those
 * of executed stages (`RunResult.usage` counts no cached stage).
 */
export function executionOf(runs: readonly RunResult[]): Omit<ExecutionRecord, 'reused'> {
  const e: Omit<ExecutionRecord, 'reused'> = { runs: runs.length, executed: 0, cached: 0, failed: 0, skipped: 0, modelCalls: 0 }
  let remote = 0
  for (const run of runs) {
    for (const name of run.order) if ((run.stages[name] as { remote?: true }).remote) remote++
    if (run.usage.cost !== undefined) e.cost = (e.cost ?? 0) + run.usage.cost
    e.executed += run.counts.executed
    e.cached += run.counts.cached
    e.failed += run.counts.failed
    e.skipped += run.counts.skipped
    e.modelCalls += run.usage.calls
  }
  return remote > 0 ? { ...e, remote } : e
}

// Which test attempt first reported a result's runs. Module state, like the
// shared sweeps it guards: one per spec file with Vitest's default isolation.
const claims = new WeakMap<object, { task: RunnerTestCase; attempt: string }>()

/**
 * The execution record of `runs`, the runs behind `source` (a sweep or run
 * result), marked `reused` when an earlier record of this file already
 * counted them, so report totals count every run once. A retried test
 * counts them again: the records of its failed attempt are dropped.
 */
export function executionRecord(task: RunnerTestCase | undefined, source: object, runs: readonly RunResult[]): ExecutionRecord {
  const execution = executionOf(runs)
  if (!task) return execution
  const attempt = attemptOf(task)
  const claim = claims.get(source)
  if (claim && (claim.task !== task || claim.attempt === attempt)) return { ...execution, reused: true }
  claims.set(source, { task, attempt })
  return execution
}
