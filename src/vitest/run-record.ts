import type { RunnerTestCase } from 'vitest'
import type { RunResult } from '../core/result.ts'
import type { RunRecord, RunStageRecord } from '../report/record.ts'
import { executionRecord } from './execution.ts'

/**
 * The record of one pipeline run put into the report with `report()`: per
 * stage, in execution order, what it did (executed, cached, failed, skipped),
 * its output hash and model calls, and why it failed or was skipped. Outputs
 * stay out: they can be large, and the hash says whether they changed.
 */
export function runRecord(task: RunnerTestCase | undefined, run: RunResult): RunRecord {
  const stages = run.order.map((name): RunStageRecord => {
    const s = run.stages[name]!
    if (s.status === 'failed') return { stage: name, status: 'failed', modelCalls: 0, note: s.error.message }
    if (s.status === 'skipped') return { stage: name, status: 'skipped', modelCalls: 0, note: s.because }
    return { stage: name, status: s.status, hash: s.hash, modelCalls: s.status === 'executed' ? s.usage.calls : 0 }
  })
  return {
    kind: 'run',
    pipeline: run.pipeline,
    status: run.status,
    sample: run.sample,
    seed: run.seed,
    stages,
    pass: run.status === 'passed',
    negated: false,
    durationMs: Math.round(run.durationMs * 100) / 100,
    execution: executionRecord(task, run, [run]),
    reported: true,
  }
}
