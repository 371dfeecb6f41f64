import type { RippleEntry } from '../perturbations/drift.ts'
/**
 * The serialisable outcome of one butterfly assertion. Matchers attach these
 * to the test's `task.meta.butterfly`, so reporters (also after
 * `--merge-reports`) build every report from them alone. Plain JSON: no
 * functions, no class instances, no `undefined` that matters.
 */

/** A mean with its confidence interval. */
export interface EstimateRecord {
  values: number[]
  mean: number
  ci: [number, number]
}

/**
 * What the pipeline runs behind a record did: stage counts (as in
 * `RunResult.counts` / `SweepResult.stats`) and model calls. A warm rerun
 * shows `executed: 0` and `modelCalls: 0`.
 */
export interface ExecutionRecord {
  /** Pipeline runs (one per variant and sample). */
  runs: number
  executed: number
  cached: number
  failed: number
  skipped: number
  /** Model calls of the executed stages (a cached stage makes none). */
  modelCalls: number
  /** Price of those calls in the price table's currency; absent when no call was priced. */
  cost?: number
  /**
   * The same runs were already counted by an earlier record of this test file
   * (an identical sweep shared between assertions, or the same result passed
   * again); report totals leave this record out.
   */
  reused?: true
}

/** How drift is compared with the tolerance. */
export interface ToleranceRecord {
  /** The declared tolerance. */
  value: number
  /** `max`: every paired value; `mean`: the mean; `upper-ci`: the upper confidence bound of the mean. */
  statistic: 'max' | 'mean' | 'upper-ci'
  /** Confidence level, for `upper-ci`. */
  confidence?: number
  /** True when the drift beyond the noise floor (paired) is compared instead of the raw drift. */
  excess: boolean
}

/** One variant of a stability check. */
export interface VariantRecord {
  id: string
  label: string
  /** Paired drift values, one per sample. */
  values: number[]
  mean: number
  ci: [number, number]
  max: number
  /** Paired drift beyond the noise floor. */
  excess: EstimateRecord
  /** The number compared with the tolerance; `null` when none could be measured. */
  observed: number | null
  /** How `observed` was obtained when it is not one of the numbers above (e.g. an exact binomial bound). */
  observedNote?: string
  pass: boolean
  /** Most frequent changed items (keyed diff paths, ids), most frequent first. */
  changed: string[]
  /** Notes from the metric (e.g. `winner a -> b`), one per drifted pair, deduplicated. */
  notes: string[]
}

/** One stage of the ripple: drift against that stage's own noise floor (as the sweep measures it). */
export type RippleRecord = RippleEntry

/** The outcome of `toBeStableUnder` (and of an `invariants()` entry). */
export interface StabilityRecord {
  kind: 'stability'
  pipeline: string
  stage: string
  metric: { name: string; describe: string }
  perturbations: string[]
  repeats: number
  tolerance: ToleranceRecord
  /** Level of the reported confidence intervals. */
  confidence: number
  /** The claim held (before `.not`). */
  pass: boolean
  /** The assertion was negated with `.not`. */
  negated: boolean
  /** Worst `observed` over the variants; `null` when one could not be measured. */
  observed: number | null
  variants: VariantRecord[]
  noiseFloor: EstimateRecord & { n: number; measured: boolean }
  ripple: RippleRecord[]
  /** First stage, in pipeline order, whose drift exceeds its noise floor. */
  firstExceeding?: string
  /** Sweep notes (dropped points) and verdict notes (too few repeats for a confidence claim). */
  notes: string[]
  /** What the sweep's runs did (every variant and sample). */
  execution: ExecutionRecord
  /** Put into the report with `report()` from inside a test, not asserted: a claim that does not hold does not fail the test. */
  reported?: true
}

/** One stage of a baseline check. */
export interface BaselineStageRecord {
  stage: string
  status: 'within' | 'exceeded' | 'new'
  tolerance: number
  statistic: string
  observed: number | null
  metric: { name: string; describe: string }
  drift: { values: number[]; mean: number; ci: [number, number]; max: number } | null
  noiseFloor: { values: number[]; mean: number; ci: [number, number] } | null
  changed: string[]
  note?: string
}

/** The outcome of `toMatchBaseline`. */
export interface BaselineRecord {
  kind: 'baseline'
  pipeline: string
  /** Baseline file, relative to the snapshot directory, `/`-separated. */
  file: string
  status: 'matched' | 'written' | 'updated' | 'drifted' | 'missing'
  written: boolean
  pass: boolean
  negated: boolean
  repeats: number
  stages: BaselineStageRecord[]
  /** What the runs behind the check did (a received sweep: all of its runs). */
  execution: ExecutionRecord
}

/**
 * The outcome of `toStayWithinLatency`: a stage's latency against its latency
 * baseline file. Times are in ms; they are measured, so unlike the other
 * records they differ from run to run. A missing file in CI is an
 * {@link ErrorRecord} naming the file, like any check that could not measure.
 */
export interface LatencyRecord {
  kind: 'latency'
  pipeline: string
  stage: string
  /** Latency baseline file, relative to the snapshot directory, `/`-separated. */
  file: string
  /** `within`/`inconclusive`/`regressed`: compared; `written`: no file yet, wrote it; `updated`: rewrote a regressed or corrupt one (-u). */
  status: 'within' | 'regressed' | 'inconclusive' | 'written' | 'updated'
  /** Why an `updated` file was rewritten. */
  reason?: 'regressed' | 'corrupt'
  /** The file was (re)written in this run. */
  written: boolean
  /** The claim held: false only for `regressed`. */
  pass: boolean
  negated: boolean
  /** The statistic compared. */
  statistic: 'median' | 'mean'
  /** Level of `ci`. */
  confidence: number
  /** Largest accepted ratio current ÷ baseline: 1 + maxSlowdown. */
  limit: number
  /** current ÷ baseline; `null` when nothing was compared (written, or rewrote a corrupt file). */
  ratio: number | null
  /** Bootstrap confidence interval of the ratio; `null` when nothing was compared. */
  ci: [number, number] | null
  /** The statistic of the fresh samples, ms. */
  current: number
  /** The statistic of the baseline samples, ms; `null` when nothing was compared. */
  baseline: number | null
  /** Machine lines (CPU model and count, Node version); `baseline` is `null` when nothing was compared. */
  machine: { current: string; baseline: string | null }
}

/** An assertion that could not measure anything (a stage failed, misuse). */
export interface ErrorRecord {
  kind: 'error'
  /** `toBeStableUnder`, `toMatchBaseline` or `toStayWithinLatency`. */
  matcher: string
  pipeline?: string
  /** Baseline (or latency baseline) file the assertion was checking, relative to the snapshot directory. */
  file?: string
  message: string
}

/** Any butterfly assertion outcome. */
export type InvariantRecord = StabilityRecord | BaselineRecord | LatencyRecord | ErrorRecord

/** What matchers put under `task.meta.butterfly`. */
export interface ButterflyTaskMeta {
  records: InvariantRecord[]
}
