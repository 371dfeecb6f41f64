import type { FamilySummary } from './family.ts'
import type { BaselineRecord, EffectRecord, ExecutionRecord, InvariantRecord, LatencyRecord, RunRecord, StabilityRecord } from './record.ts'

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

/** `3 invariants` or, when some were put in with `report()`, `3 invariants (1 reported with report())`. */
export function assertionCount(tests: readonly { records: readonly InvariantRecord[] }[], word: string): string {
  const records = tests.flatMap((t) => t.records)
  const reported = records.filter((r) => (r.kind === 'stability' || r.kind === 'run') && r.reported === true).length
  return `${plural(records.length, word)}${reported > 0 ? ` (${reported} reported with report())` : ''}`
}

/** `[lo, hi]`. */
export function interval(ci: readonly [number, number]): string {
  return `[${num(ci[0])}, ${num(ci[1])}]`
}

/** `95%`. */
export function percent(level: number): string {
  return `${Math.round(level * 1000) / 10}%`
}

/** A p-value for humans: `p = 0.031`, `p < 0.001`. */
export function pValue(p: number): string {
  if (p === 0) return 'p = 0 (exact)'
  return p < 0.001 ? 'p < 0.001' : `p = ${String(Number(p.toPrecision(2)))}`
}

/** Bounds of an excess drift: `[−0.1, 0.35] (90% bounds)`, `exact` for a deterministic comparison, `∞` for a missing bound. */
export function effectBounds(e: EffectRecord): string {
  if (e.confidence === 1 && e.lower === e.upper) return `${num(e.estimate)} (exact)`
  const lo = e.lower === null ? '-∞' : num(e.lower)
  const hi = e.upper === null ? '∞' : num(e.upper)
  return `${num(e.estimate)} [${lo}, ${hi}] (${percent(e.confidence)} bounds)`
}

/** The verdict words of an outcome. */
export const OUTCOME_WORDS = { stable: 'stable', unstable: 'UNSTABLE', inconclusive: 'inconclusive', vacuous: 'vacuous' } as const

/** `excess drift 0.02 [−0.1, 0.08] (90% bounds) vs tolerance 0.1 · p = 0.41, Holm over 31 invariants: p = 1 · α 0.05 · reference shared-seeds · 20 repeats`. */
export function stabilityFigures(r: Pick<StabilityRecord, 'effect' | 'tolerance' | 'pValue' | 'alpha' | 'reference' | 'repeats' | 'suite'>): string {
  return `excess drift ${effectBounds(r.effect)} vs tolerance ${num(r.tolerance)} · ${pValue(r.pValue)}${suitePValue(r)} · α ${num(r.alpha)} · reference ${r.reference} · ${plural(r.repeats, 'repeat')}`
}

/**
 * The outcome in words, then {@link stabilityFigures}: `stable: excess drift … · p = 0.41 · …`.
 * After the suite-wide adjustment the adjusted outcome leads, with the raw one when they differ.
 */
export function stabilitySummary(r: Pick<StabilityRecord, 'outcome' | 'effect' | 'tolerance' | 'pValue' | 'alpha' | 'reference' | 'repeats' | 'suite'>): string {
  const decided = r.suite?.outcome ?? r.outcome
  const alone = decided !== r.outcome ? ` (${OUTCOME_WORDS[r.outcome]} alone)` : ''
  return `${OUTCOME_WORDS[decided]}${alone}: ${stabilityFigures(r)}`
}

/** The names of the suite-wide adjustments. */
export const ADJUSTMENTS = { holm: 'Holm', bh: 'Benjamini–Hochberg', none: 'none' } as const

/** `, Holm over 31 invariants: p = 0.65` (empty without a suite-wide adjustment). */
export function suitePValue(r: Pick<StabilityRecord, 'suite'>): string {
  if (!r.suite || r.suite.method === 'none') return ''
  const over = r.suite.scope === 'reported' ? plural(r.suite.family, 'reported measurement') : plural(r.suite.family, 'invariant')
  return `, ${ADJUSTMENTS[r.suite.method]} over ${over}: ${pValue(r.suite.adjustedPValue)}`
}

/**
 * `Holm over 31 invariants: 4 unstable alone, 1 after the adjustment` (empty
 * when the family is empty), then the `report()` measurements, adjusted apart.
 */
export function familyLine(f: FamilySummary): string {
  const reported = f.reported
    ? `${f.family > 0 ? '; ' : ''}${f.method === 'none' ? '' : `${ADJUSTMENTS[f.method]} over `}${plural(f.reported.family, 'reported measurement')} (apart; never fail the run): ${f.reported.unstableRaw} unstable alone, ${f.reported.unstable} after`
    : ''
  if (f.family === 0) return reported
  if (f.method === 'none') return `no suite-wide adjustment (multipleComparisons: 'none') over ${plural(f.family, 'invariant')}: ${f.unstable} unstable${reported}`
  return `${ADJUSTMENTS[f.method]} over ${plural(f.family, 'invariant')}: ${f.unstableRaw} unstable alone, ${f.unstable} after the adjustment${reported}`
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

/** A one-line headline of a record: `select · top1 · stable: excess drift … · p = 0.41 · α 0.05 · …`. */
export function headline(record: InvariantRecord): string {
  if (record.kind === 'error') return `error: ${record.message.split('\n')[0]}`
  if (record.kind === 'baseline') return baselineHeadline(record)
  if (record.kind === 'latency') return latencyHeadline(record)
  if (record.kind === 'run') return runHeadline(record)
  return stabilityHeadline(record)
}

/** `run of "rag" passed · sample 0 · stages: 3 executed, 0 cached · 2 model calls` (a failed run names its stage). */
function runHeadline(r: RunRecord): string {
  const failed = r.stages.find((s) => s.status === 'failed')
  const why = failed ? ` at stage "${failed.stage}"${failed.note ? `: ${failed.note.split('\n')[0]}` : ''}` : ''
  return `run of "${r.pipeline}" ${r.status}${why} · sample ${r.sample} · ${stageCounts(r.execution)}`
}

function stabilityHeadline(r: StabilityRecord): string {
  const not = r.negated ? 'expected unstable · ' : ''
  return `${not}${r.stage} · ${r.metric.name} · ${stabilitySummary(r)}`
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
