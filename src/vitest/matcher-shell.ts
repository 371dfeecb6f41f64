import type { MatcherResult, MatcherState, RunnerTestCase } from 'vitest'
import type { BaselineUpdateMode } from '../baselines/options.ts'
import { OptionsError } from '../errors.ts'
import type { InvariantRecord } from '../report/record.ts'
import { annotateRecord } from './annotate.ts'
import { guardAwaited } from './await-guard.ts'
import { settleMeasurements } from '../perturbations/measurements.ts'
import { pipelineNameOf } from './received.ts'
import { workerOptions } from './runtime.ts'
import { attachRecord, currentTest } from './task-meta.ts'

/** What the shell gives a matcher's body. */
export interface MatcherCall {
  /** The test the assertion runs in; undefined outside one. */
  task: RunnerTestCase | undefined
  /** True under `.not`. */
  negated: boolean
  /** Vitest's snapshot update state: `new` locally, `all` under `-u`, `none` in CI. */
  update: BaselineUpdateMode
  /** The file under `snapshots/` the assertion concerns, once known: named in the error record if the body throws. */
  file?: string
}

/** What a matcher's body returns: the record to attach, and the verdict. */
export interface MatcherVerdict {
  record: InvariantRecord
  pass: boolean
  message: string
  /** The message when `.not` fails because the assertion passed. @default message */
  negatedMessage?: string
  /** Logged (not under `.not`) for a passing check worth a look: a baseline written, an inconclusive measurement. */
  note?: string
}

/** Vitest's snapshot update state, read the way Vitest's own snapshot matchers read it. */
function updateMode(state: MatcherState): BaselineUpdateMode {
  const snapshot = (state as MatcherState & { snapshotState?: { snapshotUpdateState?: BaselineUpdateMode } }).snapshotState
  return snapshot?.snapshotUpdateState ?? 'new'
}

/**
 * The one shell every butterfly matcher runs in: it finds the test, makes a
 * forgotten `await` fail it, attaches an error record naming the matcher,
 * pipeline and file when the body throws (and rethrows), attaches the
 * body's record otherwise and annotates its outcome and figures on the test
 * (Vitest's annotation API), and builds the message `.not` shows.
 *
 * @example
 * export function toX(this: MatcherState, received: unknown) {
 *   return runMatcher(this, 'toX', received, async (call) => ({ record, pass, message }))
 * }
 */
export async function runMatcher(
  state: MatcherState, name: string, received: unknown, body: (call: MatcherCall) => Promise<MatcherVerdict>,
): Promise<Awaited<MatcherResult>> {
  const call: MatcherCall = { task: currentTest(state), negated: state.isNot === true, update: updateMode(state) }
  const settled = guardAwaited(name)
  let verdict: MatcherVerdict
  try {
    verdict = await body(call)
    // Measurements the body computed are stored before the test ends (a worker may exit right after it).
    await settleMeasurements()
  } catch (error) {
    const pipeline = pipelineNameOf(received)
    attachRecord(call.task, {
      kind: 'error', matcher: name, ...(pipeline ? { pipeline } : {}), ...(call.file ? { file: call.file } : {}),
      message: error instanceof Error ? error.message : String(error),
    })
    throw error
  } finally {
    settled()
  }
  // The annotation shows the record as stored: secrets already redacted.
  annotateRecord(call.task, attachRecord(call.task, verdict.record) ?? verdict.record)
  if (verdict.note !== undefined && !call.negated) console.warn(verdict.note)
  const text = call.negated && verdict.pass ? (verdict.negatedMessage ?? verdict.message) : verdict.message
  return { pass: verdict.pass, message: () => text }
}

/** The test of a call, or a `ButterflyError` saying why the matcher needs one. */
export function requireTask(call: MatcherCall, name: string, why: string): RunnerTestCase {
  if (!call.task) throw new OptionsError(`[${name}] must run inside a test (${why})`)
  return call.task
}

/**
 * Options with the worker's cache filled in: the plugin's `cacheDir` and
 * remote tier (`cache.remote`, `BUTTERFLY_REMOTE_CACHE`), each unless the
 * options name their own, and neither when they give a cache store.
 */
export function withWorkerCache<O extends { cacheDir?: string | undefined; cache?: unknown; remote?: unknown }>(options: O): O {
  if (options.cache !== undefined) return options
  if (options.cacheDir !== undefined && options.remote !== undefined) return options
  const settings = workerOptions()
  return {
    ...options,
    ...(options.cacheDir === undefined ? { cacheDir: settings.cacheDir } : {}),
    ...(options.remote === undefined ? { remote: settings.remoteCache } : {}),
  }
}
