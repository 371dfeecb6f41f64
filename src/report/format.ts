import type { BaselineRecord, ExecutionRecord, InvariantRecord, LatencyRecord, StabilityRecord, ToleranceRecord } from './record.ts'

/** A drift number for humans: integers as they are, others to 3 significant digits. */
export function num(x: number | null | undefined): string {
  if (x === null || x === undefined || Number.isNaN(x)) return 'n/a'
  if (Number.isInteger(x)) return String(x)
  const abs = Math.abs(x)
  if (abs !== 0 && (abs < 1e-3 || abs >= 1e6)) return x.toExponential(2)
  return String(Number(x.toPrecision(3)))
}

/** `1 pair`, `3 pairs`. */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`
}

/**
 * Numbers for humans, at most `max` of them: `1, 0, 1` or
 * `1, 0, …, 0 … (264 values)`; reports keep every value in the JSON.
 * @default max 10
 */
export function numbers(values: readonly number[], max = 10): string {
  const shown = values.slice(0, max).map(num).join(', ')
  return values.length > max ? `${shown}, … (${values.length} values)` : shown
}

/**
 * What runs did: `stages: 0 executed, 60 cached · 0 model calls` (failed and
 * skipped stages only when there are any).
 */
export function stageCounts(e: Omit<ExecutionRecord, 'reused'>): string {
  const parts = [`${e.executed} executed`, `${e.cached} cached${e.remote ? ` (${e.remote} from the remote cache)` : ''}`]
  if (e.failed > 0) parts.push(`${e.failed} failed`)
  if (e.skipped > 0) parts.push(`${e.skipped} skipped`)
  return `stages: ${parts.join(', ')} · ${plural(e.modelCalls, 'model call')}`
}

/** `9 runs · stages: 0 executed, 27 cached · 0 model calls`. */
export function runCounts(e: Omit<ExecutionRecord, 'reused'>): string {
  return `${plural(e.runs, 'run')} · ${stageCounts(e)}`
}

/** `[lo, hi]`. */
export function interval(ci: readonly [number, number]): string {
  return `[${num(ci[0])}, ${num(ci[1])}]`
}

/** `95%`. */
export function percent(level: number): string {
  return `${Math.round(level * 1000) / 10}%`
}

/** What the tolerance says, in words: `every paired drift ≤ 0`. */
export function describeTolerance(tol: ToleranceRecord): string {
  const what = tol.excess ? 'drift beyond the noise floor' : 'drift'
  if (tol.statistic === 'max') return `every paired ${what} ≤ ${num(tol.value)}`
  if (tol.statistic === 'mean') return `mean ${what} ≤ ${num(tol.value)}`
  return `upper ${percent(tol.confidence ?? 0.95)} confidence bound of the mean ${what} ≤ ${num(tol.value)}`
}

/** The comparison sign of an observed value against a tolerance. */
export function versus(observed: number | null, tolerance: number, pass: boolean): string {
  return `${num(observed)} ${pass ? '≤' : '>'} ${num(tolerance)}`
}

/** The outcome of an assertion as the report shows it, `.not` applied. */
export function outcome(record: InvariantRecord): 'passed' | 'failed' {
  if (record.kind === 'error') return 'failed'
  return record.pass !== record.negated ? 'passed' : 'failed'
}

/** A one-line headline of a record: `select · top1 · max drift 1 > 0 · noise 0.333 [0, 1]`. */
export function headline(record: InvariantRecord): string {
  if (record.kind === 'error') return `error: ${record.message.split('\n')[0]}`
  if (record.kind === 'baseline') return baselineHeadline(record)
  if (record.kind === 'latency') return latencyHeadline(record)
  return stabilityHeadline(record)
}

function stabilityHeadline(r: StabilityRecord): string {
  const stat = r.tolerance.statistic === 'upper-ci' ? `upper ${percent(r.tolerance.confidence ?? 0.95)} bound` : r.tolerance.statistic
  const what = r.tolerance.excess ? 'excess drift' : 'drift'
  const noise = r.noiseFloor.measured ? `noise floor ${num(r.noiseFloor.mean)} ${interval(r.noiseFloor.ci)}` : 'noise floor not measured (1 repeat)'
  const not = r.negated ? 'not ' : ''
  return `${not}stable at ${r.stage} · ${r.metric.name} · ${stat} ${what} ${versus(r.observed, r.tolerance.value, r.pass)} · ${noise}`
}

function baselineHeadline(r: BaselineRecord): string {
  const stages = r.stages.map((s) => `${s.stage} ${s.status === 'new' ? 'new' : versus(s.observed, s.tolerance, s.status === 'within')}`).join(', ')
  return `baseline ${r.file} ${r.status}${stages ? ` · ${stages}` : ''}`
}

/** `1.23 ms`. */
export function ms(x: number | null): string {
  return x === null ? 'n/a' : `${num(x)} ms`
}

/** The ratio against its limit: `1.05 [0.98, 1.12] ≤ 1.2` (`>` when regressed, `~` when the interval straddles the limit). */
export function latencyVersus(r: LatencyRecord): string {
  if (r.ratio === null || r.ci === null) return `n/a (limit ${num(r.limit)})`
  const sign = r.status === 'regressed' ? '>' : r.status === 'inconclusive' ? '~' : '≤'
  return `${num(r.ratio)} ${interval(r.ci)} ${sign} ${num(r.limit)}`
}

/** The machine note of a latency record: empty when both were measured on the same machine. */
export function machineNote(r: LatencyRecord): string {
  if (r.machine.baseline === null || r.machine.baseline === r.machine.current) return ''
  return `measured on a different machine than the baseline (now: ${r.machine.current}; baseline: ${r.machine.baseline})`
}

function latencyHeadline(r: LatencyRecord): string {
  const not = r.negated ? 'not ' : ''
  const head = `${not}latency ${r.stage} · ${r.file} ${r.status}${r.reason ? ` (${r.reason})` : ''}`
  const numbers = r.ratio === null
    ? `${r.statistic} ${ms(r.current)}`
    : `${r.statistic} ${ms(r.current)} vs ${ms(r.baseline)} · ratio ${latencyVersus(r)}`
  const note = machineNote(r)
  return `${head} · ${numbers}${note ? ` · ${note}` : ''}`
}
