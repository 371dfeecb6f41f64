import type { LatencyStats } from '../latency/bench-stage.ts'
import type { LatencyBaselineResult } from '../latency/latency-baseline.ts'
import type { LatencyRecord } from '../report/record.ts'

/** What a latency record needs besides the check's result. */
export interface LatencyRecordInput {
  pipeline: string
  stage: string
  negated: boolean
  /** The fresh measurement's summary. */
  latency: LatencyStats
  /** The machine line the check recorded for this run. */
  machine: string
  maxSlowdown?: number
  statistic?: 'median' | 'mean'
  confidence?: number
}

/**
 * The report record of a latency check that produced a result (a missing
 * file throws and is recorded as an error). Without a comparison (a new
 * file, a corrupt one rewritten) the statistic, level and limit are the
 * ones the comparison would have used.
 *
 * @example
 * attachRecord(task, latencyRecord(result, { pipeline: 'docs', stage: 'extract', negated: false, latency, machine: machineLine() }))
 */
export function latencyRecord(result: Exclude<LatencyBaselineResult, { status: 'missing' }>, input: LatencyRecordInput): LatencyRecord {
  const c = 'comparison' in result ? result.comparison : undefined
  const statistic = c?.statistic ?? input.statistic ?? 'median'
  return {
    kind: 'latency',
    pipeline: input.pipeline,
    stage: input.stage,
    file: result.file,
    status: result.status,
    ...(result.status === 'updated' ? { reason: result.reason } : {}),
    written: result.written,
    pass: result.pass,
    negated: input.negated,
    statistic,
    confidence: c?.confidence ?? input.confidence ?? 0.95,
    limit: c?.limit ?? 1 + (input.maxSlowdown ?? 0.2),
    ratio: c?.ratio ?? null,
    ci: c ? [c.ci[0], c.ci[1]] : null,
    current: c?.current ?? (statistic === 'mean' ? input.latency.mean : input.latency.p50),
    baseline: c?.baseline ?? null,
    machine: { current: input.machine, baseline: 'machine' in result ? result.machine.baseline : null },
  }
}
