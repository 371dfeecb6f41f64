import type { MatcherResult, MatcherState, RunnerTestCase } from 'vitest'
import { specKeyOf } from '../baselines/paths.ts'
import { benchStage } from '../latency/bench-stage.ts'
import type { LatencyBaselineResult } from '../latency/latency-baseline.ts'
import { checkLatencyBaseline, latencyBaselineFile, machineLine } from '../latency/latency-baseline.ts'
import type { AnyPipeline } from '../core/pipeline.ts'
import { BaselineError, OptionsError } from '../errors.ts'
import type { StayWithinLatencyOptions } from './matcher-types.ts'
import { isPipeline } from './received.ts'
import { workerOptions } from './runtime.ts'
import { attemptOf, testPath } from './task-meta.ts'
import { requireTask, runMatcher, withWorkerCache } from './matcher-shell.ts'
import { latencyRecord } from './latency-record.ts'

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
export function toStayWithinLatency(this: MatcherState, received: unknown, stage: string, options: StayWithinLatencyOptions = {}): Promise<Awaited<MatcherResult>> {
  return runMatcher(this, NAME, received, async (call) => {
    const task = requireTask(call, NAME, 'its latency baseline file is named after the test')
    if (!isPipeline(received)) throw new OptionsError(`[${NAME}] expects a pipeline (definePipeline), got ${received === null ? 'null' : typeof received}`)
    if (typeof stage !== 'string') throw new OptionsError(`[${NAME}] the first argument must be the stage name, got ${typeof stage}`)
    const settings = workerOptions()
    const spec = specKeyOf(settings.specRoot, task.file.filepath)
    const test = testPath(task)
    const file = latencyBaselineFile(spec, test, nextLatencyIndex(task))
    call.file = file
    const { maxSlowdown, statistic, confidence, ...benchOptions } = options
    const measured = await benchStage(received as AnyPipeline, stage as never, withWorkerCache(benchOptions) as never)
    if (measured.status === 'failed') throw measured.error
    const machine = machineLine()
    const result = checkLatencyBaseline({
      snapshotDir: settings.snapshotDir, file, current: measured, update: call.update, machine,
      pipeline: received.name, stage, spec, test, params: options.params ?? {},
      ...(maxSlowdown !== undefined ? { maxSlowdown } : {}),
      ...(statistic !== undefined ? { statistic } : {}),
      ...(confidence !== undefined ? { confidence } : {}),
    })
    if (result.status === 'missing') throw new BaselineError(latencyMessage(stage, result).message)
    const record = latencyRecord(result, {
      pipeline: received.name, stage, negated: call.negated, latency: measured.latency, machine,
      ...(maxSlowdown !== undefined ? { maxSlowdown } : {}),
      ...(statistic !== undefined ? { statistic } : {}),
      ...(confidence !== undefined ? { confidence } : {}),
    })
    const { message, note } = latencyMessage(stage, result)
    return {
      record, pass: result.pass, message, negatedMessage: `expected stage "${stage}" to be slower than allowed, but: ${message}`,
      ...(note !== undefined ? { note } : {}),
    }
  })
}
