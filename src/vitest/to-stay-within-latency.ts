import type { MatcherResult, MatcherState, RunnerTestCase } from 'vitest'
import type { BaselineUpdateMode } from '../baselines/options.ts'
import { specKeyOf } from '../baselines/paths.ts'
import { benchStage } from '../latency/bench-stage.ts'
import type { LatencyBaselineResult } from '../latency/latency-baseline.ts'
import { checkLatencyBaseline, latencyBaselineFile, machineLine } from '../latency/latency-baseline.ts'
import type { AnyPipeline } from '../core/pipeline.ts'
import { BaselineError, ButterflyError } from '../errors.ts'
import type { StayWithinLatencyOptions } from './matcher-types.ts'
import { isPipeline } from './received.ts'
import { workerOptions } from './runtime.ts'
import { attachRecord, attemptOf, currentTest, testPath } from './task-meta.ts'
import { guardAwaited } from './await-guard.ts'
import { latencyRecord } from './latency-record.ts'
import type { LatencyRecord } from '../report/record.ts'

const NAME = 'toStayWithinLatency'

const counts = new WeakMap<RunnerTestCase, { attempt: string; count: number }>()
/** 1-based index of this latency check among the test's current attempt (its own count: output baselines keep theirs). */
function nextLatencyIndex(task: RunnerTestCase): number {
  const attempt = attemptOf(task)
  const entry = counts.get(task)
  if (!entry || entry.attempt !== attempt) {
    counts.set(task, { attempt, count: 1 })
    return 1
  }
  return ++entry.count
}

function updateMode(state: MatcherState): BaselineUpdateMode {
  const snapshot = (state as MatcherState & { snapshotState?: { snapshotUpdateState?: BaselineUpdateMode } }).snapshotState
  return snapshot?.snapshotUpdateState ?? 'new'
}

/** The message of a latency check, and a note to log for a passing check worth a look (written, updated, inconclusive). */
export function latencyMessage(stage: string, result: LatencyBaselineResult): { message: string; note?: string } {
  const head = `[butterfly] [${NAME}] stage "${stage}" (${result.file})`
  switch (result.status) {
    case 'written':
      return { message: `${head}: no latency baseline yet; wrote it`, note: `${head}: wrote a new latency baseline; review and commit it` }
    case 'updated':
      return { message: `${head}: rewrote the ${result.reason} latency baseline (-u)`, note: `${head}: rewrote the ${result.reason} latency baseline (-u)${result.comparison ? `; ${result.comparison.message}` : ''}` }
    case 'missing':
      return { message: `${head}: no latency baseline, and snapshots are not updated in this run (CI); run the test locally to write it, review and commit it` }
    default: {
      const c = result.comparison
      const machines = result.machine.current === result.machine.baseline
        ? `machine: ${result.machine.current}`
        : `WARNING: measured on a different machine than the baseline, so the ratio compares machines too; now: ${result.machine.current}; baseline: ${result.machine.baseline}`
      const lines = [
        `${head}: ${c.statistic} latency ${c.current.toFixed(3)} ms vs baseline ${c.baseline.toFixed(3)} ms`,
        `  ratio ${c.ratio.toFixed(3)} (${Math.round(c.confidence * 100)}% CI ${c.ci[0].toFixed(3)} to ${c.ci[1].toFixed(3)}), limit ${c.limit.toFixed(3)}: ${result.status}`,
        `  ${machines}`,
      ]
      if (result.status === 'inconclusive') lines.push('  the interval straddles the limit: the noise is too large to tell; measure longer (iterations, time) or on a quieter machine')
      const message = lines.join('\n')
      return result.status === 'inconclusive' ? { message, note: message } : { message }
    }
  }
}

/**
 * The `toStayWithinLatency` matcher (registered by `vitest-butterfly/setup`):
 * measures a stage with `benchStage` and bounds its slowdown against the
 * test's latency baseline under `snapshots/`, written as Vitest's snapshot
 * update state says.
 */
export async function toStayWithinLatency(this: MatcherState, received: unknown, stage: string, options: StayWithinLatencyOptions = {}): Promise<Awaited<MatcherResult>> {
  const task = currentTest(this)
  const settled = guardAwaited(NAME)
  let result: LatencyBaselineResult
  let record: LatencyRecord
  let file: string | undefined
  try {
    if (!task) throw new ButterflyError(`[butterfly] [${NAME}] must run inside a test (its latency baseline file is named after the test)`)
    if (!isPipeline(received)) throw new ButterflyError(`[butterfly] [${NAME}] expects a pipeline (definePipeline), got ${received === null ? 'null' : typeof received}`)
    if (typeof stage !== 'string') throw new ButterflyError(`[butterfly] [${NAME}] the first argument must be the stage name, got ${typeof stage}`)
    const settings = workerOptions()
    const spec = specKeyOf(settings.specRoot, task.file.filepath)
    const test = testPath(task)
    file = latencyBaselineFile(spec, test, nextLatencyIndex(task))
    const { maxSlowdown, statistic, confidence, ...benchOptions } = options
    const cacheDir = benchOptions.cacheDir ?? (benchOptions.cache === undefined ? workerOptions().cacheDir : undefined)
    const measured = await benchStage(received as AnyPipeline, stage as never, { ...benchOptions, ...(cacheDir !== undefined ? { cacheDir } : {}) } as never)
    if (measured.status === 'failed') throw measured.error
    const machine = machineLine()
    result = checkLatencyBaseline({
      snapshotDir: settings.snapshotDir, file, current: measured, update: updateMode(this), machine,
      pipeline: received.name, stage, spec, test, params: options.params ?? {},
      ...(maxSlowdown !== undefined ? { maxSlowdown } : {}),
      ...(statistic !== undefined ? { statistic } : {}),
      ...(confidence !== undefined ? { confidence } : {}),
    })
    if (result.status === 'missing') throw new BaselineError(latencyMessage(stage, result).message)
    record = latencyRecord(result, {
      pipeline: received.name, stage, negated: this.isNot === true, latency: measured.latency, machine,
      ...(maxSlowdown !== undefined ? { maxSlowdown } : {}),
      ...(statistic !== undefined ? { statistic } : {}),
      ...(confidence !== undefined ? { confidence } : {}),
    })
  } catch (error) {
    attachRecord(task, {
      kind: 'error', matcher: NAME, ...(isPipeline(received) ? { pipeline: received.name } : {}), ...(file ? { file } : {}),
      message: error instanceof Error ? error.message : String(error),
    })
    throw error
  } finally {
    settled()
  }
  attachRecord(task, record)
  const { message, note } = latencyMessage(stage, result)
  if (note !== undefined && this.isNot !== true) console.warn(note)
  const text = this.isNot === true && result.pass ? `expected stage "${stage}" to be slower than allowed, but: ${message}` : message
  return { pass: result.pass, message: () => text }
}
