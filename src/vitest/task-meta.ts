import { TestRunner } from 'vitest'
import type { MatcherState, RunnerTestCase } from 'vitest'
import { redactValue } from '../core/redact.ts'
import type { ButterflyTaskMeta, InvariantRecord } from '../report/record.ts'

declare module 'vitest' {
  interface TaskMeta {
    /** Outcomes of the butterfly assertions of this test (serialisable; read by reporters, kept in blobs). */
    butterfly?: ButterflyTaskMeta
  }
}

/**
 * The test an assertion runs in. Vitest puts it on the matcher state (also
 * for concurrent tests, whose `expect` comes from the test context); the
 * runner's current test is the fallback.
 */
export function currentTest(state: MatcherState): RunnerTestCase | undefined {
  const task = (state as MatcherState & { task?: RunnerTestCase }).task
  if (task?.type === 'test') return task
  const current = TestRunner.getCurrentTest()
  return current?.type === 'test' ? current : undefined
}

/** Tests whose current assertion is a `report()` call: its record is reported, not asserted. */
export const reporting = new WeakSet<RunnerTestCase>()

const attempts = new WeakMap<RunnerTestCase, string>()
/** Which attempt of a test is running (retries and repeats start new ones). */
export const attemptOf = (task: RunnerTestCase): string => `${task.result?.retryCount ?? 0}:${task.result?.repeatCount ?? 0}`

/**
 * Appends a record to the test's `meta.butterfly`, where reporters and merged
 * shard reports find it. A retried or repeated test keeps only the records of
 * its last attempt. Records are redacted (keys, credential headers) before
 * they leave the worker; returns the record as stored.
 */
export function attachRecord(task: RunnerTestCase | undefined, record: InvariantRecord): InvariantRecord | undefined {
  if (!task) return undefined
  const attempt = attemptOf(task)
  if (attempts.get(task) !== attempt) {
    attempts.set(task, attempt)
    task.meta.butterfly = { records: [] }
  }
  if (reporting.has(task) && record.kind === 'stability') record.reported = true
  const stored = redactValue(record)
  task.meta.butterfly!.records.push(stored)
  return stored
}

/** Suite names outermost first, then the test name. */
export function testPath(task: RunnerTestCase): string[] {
  const names: string[] = [task.name]
  for (let suite = task.suite; suite && suite.type === 'suite' && suite !== task.file; suite = suite.suite) names.unshift(suite.name)
  return names
}

const counts = new WeakMap<RunnerTestCase, { retry: string; count: number }>()

/** 1-based index of this call among the `toMatchBaseline` calls of the test's current attempt. */
export function nextBaselineIndex(task: RunnerTestCase): number {
  const retry = attemptOf(task)
  const entry = counts.get(task)
  if (!entry || entry.retry !== retry) {
    counts.set(task, { retry, count: 1 })
    return 1
  }
  entry.count++
  return entry.count
}
