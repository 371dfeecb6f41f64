import { stableStringify } from '../core/hash.ts'

/** Version of the baseline file format this package writes and reads (see docs/baselines.md). */
export const BASELINE_FORMAT_VERSION = 1

/** Which statistic of the paired drift values is compared with the tolerance. */
export type BaselineStatistic = 'max' | 'mean'

/** A summary of drift values: each value, their mean, a bootstrap CI of the mean and the largest value. */
export interface BaselineDriftSummary {
  values: number[]
  mean: number
  /** Percentile bootstrap confidence interval of the mean (95%, seed 0). */
  ci: [number, number]
  max: number
}

/** The reviewed baseline of one stage, as stored. */
export interface BaselineStageRecord {
  /** The metric the drift is measured with (its `name` and `describe`). */
  metric: { name: string; describe: string }
  /** The tolerance in force when the file was written. */
  tolerance: number
  statistic: BaselineStatistic
  /** How many samples (repeats) the stage was recorded with. */
  samples: number
  /** The output, when every sample gave the same one (deterministic stages). */
  output?: unknown
  /** One output per sample, in sample order, when they differ (stochastic stages). */
  outputs?: unknown[]
  /** Number of distinct outputs among `outputs`. */
  distinct?: number
  /** Drift between the recorded samples themselves (all pairs), when there are at least 2. */
  noiseFloor?: BaselineDriftSummary
  /** When `-u` rewrote the file: the drift of these outputs from the ones they replaced. */
  drift?: BaselineDriftSummary
  /** Free text for reviewers; kept when the file is rewritten. */
  note?: string
}

/** A baseline file: one per spec file and test, under `snapshots/`. */
export interface BaselineFile {
  version: typeof BASELINE_FORMAT_VERSION
  pipeline: string
  /** The spec file, relative to the root. */
  spec: string
  /** Describe names, outermost first, then the test name. */
  test: string[]
  /** The resolved params the outputs were taken with. */
  params: unknown
  /** Samples per stage. */
  repeats: number
  stages: Record<string, BaselineStageRecord>
  /** Free text for reviewers; kept when the file is rewritten. */
  note?: string
}

/**
 * The JSON form of an output as it would be read back from a baseline file
 * (sorted keys, `undefined` dropped, `Date` as string), so a fresh output and
 * a stored one are compared in the same domain.
 */
export function toJsonValue(value: unknown): unknown {
  return JSON.parse(stableStringify(value)) as unknown
}

/**
 * The bytes of a baseline file: pretty JSON, keys sorted at every level,
 * final newline. Equal content always gives equal bytes.
 *
 * @example
 * writeFileSync(file, serializeBaseline(parseBaseline(readFileSync(file, 'utf8'), file)))
 */
export function serializeBaseline(file: BaselineFile): string {
  return `${stableStringify(file, 2)}\n`
}

/** The outputs of a stored stage, one per sample (a single `output` stands for every sample). */
export function recordedSamples(stage: BaselineStageRecord): unknown[] {
  if (stage.outputs !== undefined) return stage.outputs
  return Array.from({ length: stage.samples }, () => stage.output)
}
