import { stableStringify } from '../core/hash.ts'

/**
 * Version of the baseline file format this package writes (see
 * docs/baselines.md). Version 1 files (no content hashes, outputs always
 * inline) and version 2 files (no lineage) are still read.
 */
export const BASELINE_FORMAT_VERSION = 3

/** Format versions this package reads. */
export type BaselineFormatVersion = 1 | 2 | typeof BASELINE_FORMAT_VERSION

/**
 * Where one stage's baseline outputs came from: per sample, the cache key
 * the engine stored the output under and its content hash. Attribution
 * fetches a baseline's upstream outputs by these keys (see `attributeDrift`).
 */
export interface BaselineLineage {
  keys: string[]
  hashes: string[]
}

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

/**
 * The reviewed baseline of one stage, as stored. The outputs are inline
 * (`output` or `outputs`) or, when large, in the baseline's outputs file
 * (neither field; see {@link BaselineFile.outputsFile}).
 */
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
  /** Version 2: content hash (sha256 of the sorted-key JSON, as `StageResult.hash`) of the single output. */
  hash?: string
  /** Version 2: content hash of each sample's output, in sample order, when they differ. */
  hashes?: string[]
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
  version: BaselineFormatVersion
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
  /**
   * Version 2: the file next to this one that holds the outputs of the
   * stages stored without `output`/`outputs` (large outputs), and the sha256
   * of its bytes, so a check can trust the stages' hashes without parsing it.
   */
  outputsFile?: { file: string; sha256: string }
  /** Free text for reviewers; kept when the file is rewritten. */
  note?: string
  /**
   * Version 3: every stage of the run the baseline was taken from (checked
   * or not), with the cache key and content hash of each sample's output.
   */
  lineage?: Record<string, BaselineLineage>
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
