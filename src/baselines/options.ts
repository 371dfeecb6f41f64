import { BaselineError } from '../errors.ts'
import type { Metric } from '../metrics/metric.ts'
import type { BaselineLineage, BaselineStatistic } from './format.ts'
import type { BaselineTracker } from './tracker.ts'

/**
 * Vitest's snapshot update state, with the same meaning for baselines:
 * `new` (default locally) writes missing baselines and compares existing
 * ones; `all` (`-u`) also rewrites baselines that drifted beyond tolerance;
 * `none` (CI) writes nothing and fails on a missing baseline.
 */
export type BaselineUpdateMode = 'new' | 'all' | 'none'

/** Options of {@link checkBaseline}. */
export interface CheckBaselineOptions {
  /** The snapshot directory (absolute, or relative to the working directory). */
  snapshotDir: string
  /** The spec file relative to the root, `/`-separated (see `specKeyOf`); the folder of its baselines. */
  specFile: string
  /** Describe names, outermost first, then the test name. */
  test: readonly string[]
  /** The nth baseline checked in this test (1-based). @default 1 */
  index?: number
  /** Pipeline name, recorded in the file. */
  pipeline: string
  /** The resolved params the outputs were taken with, recorded in the file. */
  params: unknown
  /** Per stage to baseline: its outputs, one per sample (repeat), in sample order. */
  outputs: Record<string, readonly unknown[]>
  /**
   * Per stage, the content hash of each output, in sample order: sha256 of
   * its sorted-key JSON, as the engine's `StageResult.hash` (the
   * `toMatchBaseline` matcher passes those). With them an output identical
   * to the baseline is recognised by its hash, without serialising or
   * diffing it. Stages left out are hashed here. @default {}
   */
  hashes?: Record<string, readonly string[]>
  /** The drift metric, for all stages or per stage. @default inferMetric(the stage's baseline output) */
  metric?: Metric<never> | Partial<Record<string, Metric<never>>>
  /** Largest allowed drift, for all stages or per stage (stages a record leaves out get 0). @default 0 */
  tolerance?: number | Record<string, number>
  /** Which statistic of the paired drift values must be within tolerance. @default 'max' */
  statistic?: BaselineStatistic
  /**
   * Every stage of the run the outputs come from, with each sample's cache
   * key and content hash (the `toMatchBaseline` matcher passes them). Written
   * into the file, so a later drift can be attributed to the stage whose own
   * change caused it (see `attributeDrift`). @default none recorded
   */
  lineage?: Record<string, BaselineLineage>
  /** Vitest's snapshot update state. */
  update: BaselineUpdateMode
  /** Collision handling and touched files for obsolete detection. @default a fresh tracker */
  tracker?: BaselineTracker
}

/** {@link CheckBaselineOptions} checked, per stage. */
export interface ResolvedStageOptions {
  samples: unknown[]
  /** The given hashes of the samples, if any. */
  hashes: string[] | undefined
  metric: Metric | undefined
  tolerance: number
}

const SHA256 = /^[0-9a-f]{64}$/

function isMetric(value: unknown): value is Metric {
  return typeof value === 'object' && value !== null && typeof (value as Metric).compute === 'function'
}

/** Checks the per-stage options; misuse throws `BaselineError` naming the option. */
export function resolveStageOptions(options: CheckBaselineOptions): Map<string, ResolvedStageOptions> {
  const where = `[baselines] test "${options.test.join(' > ')}"`
  if (!['new', 'all', 'none'].includes(options.update)) {
    throw new BaselineError(`${where}: update mode must be "new", "all" or "none", got ${JSON.stringify(options.update)}`)
  }
  if (options.statistic !== undefined && options.statistic !== 'max' && options.statistic !== 'mean') {
    throw new BaselineError(`${where}: statistic must be "max" or "mean", got ${JSON.stringify(options.statistic)}`)
  }
  if (options.index !== undefined && !(Number.isInteger(options.index) && options.index >= 1)) {
    throw new BaselineError(`${where}: index must be an integer >= 1, got ${String(options.index)}`)
  }
  const names = Object.keys(options.outputs ?? {})
  if (names.length === 0) throw new BaselineError(`${where}: no stages to baseline; name at least one stage`)
  const checkTolerance = (value: unknown, what: string): number => {
    if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value
    throw new BaselineError(`${where}: ${what} must be a finite number >= 0, got ${String(value)}`)
  }
  const resolved = new Map<string, ResolvedStageOptions>()
  for (const stage of names) {
    const samples = options.outputs[stage]
    if (!Array.isArray(samples) || samples.length === 0) {
      throw new BaselineError(`${where}: stage "${stage}" has no outputs; pass one output per sample`)
    }
    const { tolerance, metric } = options
    let stageTolerance = 0
    if (typeof tolerance === 'number') stageTolerance = checkTolerance(tolerance, 'tolerance')
    else if (tolerance !== undefined) {
      // A stage the record leaves out gets the default, 0, as the option's type promises.
      if (tolerance[stage] !== undefined) stageTolerance = checkTolerance(tolerance[stage], `tolerance.${stage}`)
    }
    const stageMetric = metric === undefined ? undefined : isMetric(metric) ? metric : metric[stage]
    if (stageMetric !== undefined && !isMetric(stageMetric)) throw new BaselineError(`${where}: metric for stage "${stage}" is not a metric (needs compute())`)
    const hashes = options.hashes?.[stage]
    if (hashes !== undefined && (!Array.isArray(hashes) || hashes.length !== samples.length || !hashes.every((h) => typeof h === 'string' && SHA256.test(h)))) {
      throw new BaselineError(`${where}: hashes.${stage} must be one sha256 (64 lower-case hex digits, as StageResult.hash) per output (${samples.length}), got ${Array.isArray(hashes) ? `${hashes.length} value(s)` : typeof hashes}`)
    }
    resolved.set(stage, { samples: [...samples], hashes: hashes === undefined ? undefined : [...hashes], metric: stageMetric as Metric | undefined, tolerance: stageTolerance })
  }
  for (const key of Object.keys(options.hashes ?? {})) {
    if (!resolved.has(key)) throw new BaselineError(`${where}: hashes names stage "${key}", which is not baselined here (stages: ${names.join(', ')})`)
  }
  if (typeof options.tolerance === 'object') {
    for (const key of Object.keys(options.tolerance)) {
      if (!resolved.has(key)) throw new BaselineError(`${where}: tolerance names stage "${key}", which is not baselined here (stages: ${names.join(', ')})`)
    }
  }
  return resolved
}
