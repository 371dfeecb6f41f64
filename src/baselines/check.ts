import { existsSync } from 'node:fs'
import { hashValue } from '../core/hash.ts'
import { BaselineError } from '../errors.ts'
import { inferMetric } from '../metrics/infer.ts'
import type { Metric } from '../metrics/metric.ts'
import { noiseFloor, pairedDrift, summariseDrift } from './drift.ts'
import type { Attribution } from './attribute.ts'
import type { BaselineFile, BaselineLineage, BaselineStatistic, BaselineDriftSummary } from './format.ts'
import type { CheckBaselineOptions } from './options.ts'
import { resolveStageOptions } from './options.ts'
import { resolveInside } from './paths.ts'
import { reconcile } from './reconcile.ts'
import { loadBaseline, readBaselineJson } from './read.ts'
import type { LoadedBaseline } from './read.ts'
import { referenceSet } from './reference.ts'
import { currentSample, currentSet } from './samples.ts'
import type { CurrentSample, SampleSet } from './samples.ts'
import { createBaselineTracker } from './tracker.ts'
import { buildBaseline, writeBaseline } from './write.ts'

/** How one stage compared with its baseline. */
export interface BaselineStageComparison {
  stage: string
  /** `new`: the baseline has no record of this stage yet. */
  status: 'within' | 'exceeded' | 'new'
  metric: { name: string; describe: string }
  tolerance: number
  statistic: BaselineStatistic
  /** The statistic of the paired drift values; null when there is nothing to compare, or the metric could not compare. */
  observed: number | null
  /** Paired drift, current sample i against baseline sample i. */
  drift: BaselineDriftSummary | null
  /** Drift between the current samples themselves (null for a single sample). */
  noiseFloor: BaselineDriftSummary | null
  /** Changed items of the pair that drifted most, from the metric's `details`. */
  changed: string[]
  note?: string
}

interface ResultBase {
  /** Absolute path of the baseline file. */
  file: string
  /** The file relative to the snapshot directory, `/`-separated. */
  relativeFile: string
  stages: BaselineStageComparison[]
  /** Things a reviewer should know (params changed, stages no longer checked, a replaced corrupt file). */
  notes: string[]
  /** The lineage the compared baseline file recorded (format 3), before any rewrite; what `attributeDrift` splices onto. */
  lineage?: Record<string, BaselineLineage>
  /** Which stage's own change caused the drift: set by `toMatchBaseline` (or by you, from `attributeDrift`) when a check drifted. */
  attribution?: Attribution
}

/**
 * The outcome of {@link checkBaseline}, tagged on `status`. `matched`,
 * `written` and `updated` pass; `drifted` and `missing` fail.
 */
export type BaselineResult =
  | (ResultBase & { status: 'matched'; written: false })
  | (ResultBase & { status: 'written'; written: true })
  | (ResultBase & { status: 'updated'; written: true; reason: 'drifted' | 'new-stages' | 'removed-stages' | 'corrupt' })
  | (ResultBase & { status: 'drifted'; written: false })
  | (ResultBase & { status: 'missing'; written: false; missingStages: string[] })

// Drift values are sums of floating-point shares; a tolerance of 0.3 must accept 0.1 + 0.2.
const EPSILON = 1e-12

/**
 * Compares the current outputs of the named stages with the reviewed
 * baseline of one test, and writes the baseline when Vitest's update state
 * says so: `new` writes a missing file (or missing stages), `all` also
 * rewrites a file that drifted beyond tolerance (or is corrupt, or records
 * stages no longer checked), `none` writes nothing. A file within tolerance
 * is never rewritten. Throws `BaselineError` on misuse, a path that escapes
 * the snapshot directory, or a corrupt or invalid file outside `all`.
 *
 * @example
 * const result = checkBaseline({
 *   snapshotDir: 'snapshots', specFile: 'model-selection.spec.ts', test: ['facts and selection'],
 *   pipeline: 'model-selection', params, outputs: { facts: [facts], select: [winner] },
 *   tolerance: { facts: 0.02, select: 0 }, update: 'new',
 * })
 * result.status // 'written' on the first run, 'matched' after
 */
export function checkBaseline(options: CheckBaselineOptions): BaselineResult {
  const resolved = resolveStageOptions(options)
  const statistic = options.statistic ?? 'max'
  const tracker = options.tracker ?? createBaselineTracker()
  const relativeFile = tracker.claim(options.snapshotDir, options.specFile, options.test, options.index)
  const file = resolveInside(options.snapshotDir, relativeFile)
  // Outputs are serialised, normalised or hashed only when a step needs it (an identical output with a given hash never is).
  const current = new Map([...resolved].map(([stage, o]) => [stage, o.samples.map((value, i) => currentSample(value, o.hashes?.[i]))]))
  const base: ResultBase = { file, relativeFile, stages: [], notes: [] }

  const write = (previous: BaselineFile | undefined, stages: BaselineStageComparison[]): void => {
    const metrics = new Map(stages.map((s) => [s.stage, s.metric]))
    const drifts = new Map(stages.filter((s) => s.drift && s.status !== 'new').map((s) => [s.stage, s.drift as BaselineDriftSummary]))
    const floors = new Map(stages.filter((s) => s.noiseFloor).map((s) => [s.stage, s.noiseFloor as BaselineDriftSummary]))
    const { content, outputs } = buildBaseline({ options, statistic, current, resolved, metrics, drifts, floors, previous })
    writeBaseline(options.snapshotDir, relativeFile, content, outputs)
  }

  const allFresh = (): BaselineStageComparison[] =>
    [...current].map(([stage, samples]) => fresh(stage, samples, resolved.get(stage)!.metric, resolved.get(stage)!.tolerance, statistic))

  if (!existsSync(file)) {
    const stages = allFresh()
    if (reconcile(options.update, 'missing').action === 'fail') {
      return { ...base, status: 'missing', written: false, stages, missingStages: [...current.keys()] }
    }
    write(undefined, stages)
    return { ...base, status: 'written', written: true, stages }
  }

  let loaded: LoadedBaseline
  try {
    // The tracker read the file to see whose it is; that read is reused when the file has not changed since.
    loaded = loadBaseline(options.snapshotDir, relativeFile, tracker.take?.(file) ?? readBaselineJson(file, relativeFile))
  } catch (error) {
    if (!(error instanceof BaselineError) || reconcile(options.update, 'corrupt').action === 'throw') throw error
    const stages = allFresh()
    base.notes.push(`replaced an unreadable baseline (-u): ${error.message}`)
    write(undefined, stages)
    return { ...base, status: 'updated', written: true, reason: 'corrupt', stages }
  }

  const previous = loaded.baseline
  if (previous.lineage !== undefined) (base as ResultBase).lineage = previous.lineage
  if (!loaded.outputsTrusted) base.notes.push(`${previous.outputsFile?.file} was changed after it was written (its sha256 is not the recorded one): compared with its outputs as they are now`)
  if (previous.pipeline !== options.pipeline) base.notes.push(`the baseline was taken from pipeline "${previous.pipeline}", this run is "${options.pipeline}"`)
  if (hashValue(previous.params) !== hashValue(options.params)) base.notes.push('the params differ from those the baseline was taken with')
  const stages: BaselineStageComparison[] = []
  for (const [stage, samples] of current) {
    const { metric, tolerance } = resolved.get(stage)!
    const record = previous.stages[stage]
    if (record === undefined) {
      stages.push(fresh(stage, samples, metric, tolerance, statistic))
      continue
    }
    const reference = referenceSet(loaded, stage, samples.length)
    const now = currentSet(samples)
    // Inferred from the stored output; an identical current one (same hash) infers the same without reading the stored one.
    const m = metric ?? inferMetric(reference.hash(0) === now.hash(0) ? now.value(0) : reference.value(0))
    const comparison = compare(stage, m, reference, now, tolerance, statistic, relativeFile)
    if (record.metric.name !== m.name) comparison.note = join(comparison.note, `the baseline was recorded with metric "${record.metric.name}"`)
    if (reference.length !== samples.length) {
      comparison.note = join(comparison.note, `paired over ${Math.min(reference.length, samples.length)} samples: the baseline has ${reference.length}, this run ${samples.length}`)
    }
    stages.push(comparison)
  }
  const removed = Object.keys(previous.stages).filter((s) => !current.has(s))
  const added = stages.filter((s) => s.status === 'new').map((s) => s.stage)
  // The most serious finding decides: drift before missing stages before stages no longer checked.
  const finding = stages.some((s) => s.status === 'exceeded') ? 'exceeded' : added.length > 0 ? 'incomplete' : removed.length > 0 ? 'extra' : 'within'
  const decision = reconcile(options.update, finding)
  if (removed.length > 0) {
    const removes = reconcile(options.update, 'extra').action === 'update'
    base.notes.push(`the baseline records stages no longer checked here: ${removed.join(', ')}${removes ? '' : ' (-u removes them)'}`)
  }
  switch (decision.action) {
    case 'fail':
      if (decision.reason === 'drifted') return { ...base, status: 'drifted', written: false, stages }
      base.notes.push(`no baseline for stage(s) ${added.join(', ')}, and update mode "none" (CI) writes none`)
      return { ...base, status: 'missing', written: false, stages, missingStages: added }
    case 'update':
      write(previous, stages)
      return { ...base, status: 'updated', written: true, reason: decision.reason, stages }
    default:
      return { ...base, status: 'matched', written: false, stages }
  }
}

function join(a: string | undefined, b: string): string {
  return a === undefined ? b : `${a}; ${b}`
}

function describeMetric(metric: Metric): { name: string; describe: string } {
  return { name: metric.name, describe: metric.describe }
}

/** A stage with no baseline yet: nothing to compare, the noise floor of its samples. */
function fresh(stage: string, samples: CurrentSample[], metric: Metric | undefined, tolerance: number, statistic: BaselineStatistic): BaselineStageComparison {
  const set = currentSet(samples)
  const m = metric ?? inferMetric(set.value(0))
  return {
    stage, status: 'new', metric: describeMetric(m), tolerance, statistic, observed: null, drift: null,
    noiseFloor: floorOrNull(m, set), changed: [],
  }
}

function floorOrNull(metric: Metric, samples: SampleSet): BaselineDriftSummary | null {
  try {
    return noiseFloor(metric, samples) ?? null
  } catch {
    // The noise floor is information only; a metric that cannot compare shows up in the paired drift.
    return null
  }
}

function compare(
  stage: string, metric: Metric, reference: SampleSet, samples: SampleSet, tolerance: number, statistic: BaselineStatistic, file: string,
): BaselineStageComparison {
  const common = { stage, metric: describeMetric(metric), tolerance, statistic, noiseFloor: floorOrNull(metric, samples) }
  try {
    const { values, detail } = pairedDrift(metric, reference, samples)
    const drift = summariseDrift(values)
    const observed = statistic === 'max' ? drift.max : drift.mean
    const status = observed <= tolerance + EPSILON ? 'within' : 'exceeded'
    return { ...common, status, observed, drift, changed: detail.changed, ...(detail.note !== undefined ? { note: detail.note } : {}) }
  } catch (error) {
    if (error instanceof BaselineError) throw error
    // A current output the metric cannot compare with the reviewed one (its shape changed) is drift, not misuse.
    const note = `metric "${metric.name}" could not compare the output with ${file}: ${(error as Error).message}`
    return { ...common, status: 'exceeded', observed: null, drift: null, changed: [], note }
  }
}
