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
   * Of the cached stages, those read from the cache's remote tier (computed on
   * another machine); the others were read from the local directory. Present
   * only when there are any. Every executed stage wrote one entry.
   */
  remote?: number
  /**
   * The same runs were already counted by an earlier record of this test file
   * (an identical sweep shared between assertions, or the same result passed
   * again); report totals leave this record out.
   */
  reused?: true
}

/** The outcome of a stability test; see `StabilityOutcome` in `verdict/types.ts`. */
export type StabilityOutcomeRecord = 'stable' | 'unstable' | 'inconclusive' | 'vacuous'

/**
 * An excess drift with its confidence bounds. A bound that cannot be given
 * (values that do not vary, too few repeats) is `null`: never a degenerate
 * interval passed off as a confidence interval.
 */
export interface EffectRecord {
  estimate: number
  /** One-sided lower bound at 1 − α; `null` when none can be given. */
  lower: number | null
  /** One-sided upper bound at 1 − α; `null` when none can be given. */
  upper: number | null
  /** Two-sided level of [lower, upper] (1 − 2α); 1 for an exact deterministic comparison. */
  confidence: number
}

/** One variant of a stability check. */
export interface VariantRecord {
  id: string
  label: string
  outcome: StabilityOutcomeRecord
  /** `deterministic`, `shared-seeds` or `independent-streams` (docs/statistics.md). */
  reference: 'deterministic' | 'shared-seeds' | 'independent-streams'
  /** The test used. */
  method: string
  /** One-sided p-value of H0 "excess drift ≤ tolerance" for this variant. */
  pValue: number
  /** Holm-adjusted across the assertion's variants. */
  adjustedPValue: number
  effect: EffectRecord
  /** Independent paired values the test used. */
  n: number
  /** Paired drift values, one per sample: variant sample i vs base sample i. */
  values: number[]
  /** Reference drift per block (base sample 2j+1 vs 2j), empty when the reference is 0. */
  noise: number[]
  /** Drift per block compared with `noise` (variant sample 2j vs base sample 2j+1), empty when the reference is 0. */
  cross: number[]
  mean: number
  max: number
  /** Most frequent changed items (keyed diff paths, ids), most frequent first. */
  changed: string[]
  /** Notes from the metric (e.g. `winner a -> b`), one per drifted pair, deduplicated, then the test's notes. */
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
  /** Samples per variant the verdict used (the last look of sequential repeats). */
  repeats: number
  /** Largest acceptable excess drift beyond the noise, in the metric's units. */
  tolerance: number
  /** One-sided level of the test (over all looks of sequential repeats). */
  alpha: number
  outcome: StabilityOutcomeRecord
  /** Smallest Holm-adjusted p-value over the variants. */
  pValue: number
  /** The deciding variant's excess drift and bounds. */
  effect: EffectRecord
  /** The deciding variant's reference. */
  reference: 'deterministic' | 'shared-seeds' | 'independent-streams'
  /** What `inconclusive` and `vacuous` do to the assertion. */
  onInconclusive: 'pass' | 'fail'
  onVacuous: 'pass' | 'fail'
  /** The assertion passed before `.not` (`.not` asserts `unstable`: pass is then `outcome !== 'unstable'`). */
  pass: boolean
  /** The assertion was negated with `.not`. */
  negated: boolean
  /** Repeats the planner asks for to detect an excess of the tolerance (or `minEffect`) with 80 % power, when more than were run. */
  repeatsNeeded?: number
  /** Looks of sequential repeats: repeats, nominal efficacy level α and futility level β (absent without a futility boundary), outcome. */
  looks?: { repeats: number; alpha: number; beta?: number; outcome: StabilityOutcomeRecord }[]
  variants: VariantRecord[]
  /** Mean drift between base samples (disjoint pairs), for reading the drift; the test uses `variants[].noise`. */
  noiseFloor: EstimateRecord & { n: number; measured: boolean }
  ripple: RippleRecord[]
  /** First stage, in pipeline order, whose drift exceeds its noise floor. */
  firstExceeding?: string
  /** Sweep notes (dropped points), verdict notes (power, tolerance 0 on a noisy stage, mapped options). */
  notes: string[]
  /** What the sweep's runs did (every variant and sample). */
  execution: ExecutionRecord
  /**
   * Put into the report with `report()` from inside a test, not asserted: a
   * claim that does not hold does not fail the test, and the record is not
   * in the run's family of invariants (`suite.scope` is `'reported'`).
   */
  reported?: true
  /**
   * The matcher found `unstable` at α for this invariant alone and passed in
   * the worker, leaving the verdict to the suite-wide adjustment (`suite`).
   */
  deferred?: true
  /** The invariant's place in the run's family of tests; added by the reporter. */
  suite?: SuiteAdjustmentRecord
}

/**
 * One stability record's place in the run's family of tests, added by the
 * reporter (`multipleComparisons`; docs/statistics.md#suite-wide-error-control).
 */
export interface SuiteAdjustmentRecord {
  /** `'holm'`, `'bh'` or `'none'`. */
  method: 'holm' | 'bh' | 'none'
  /** Invariants in the family: the stability records with a p-value (not vacuous) of every test that ran. */
  family: number
  /** `pValue` adjusted across the family; equal to it under `'none'`. */
  adjustedPValue: number
  /** The outcome that decides: an `unstable` whose adjusted p-value exceeds α is `inconclusive`. */
  outcome: StabilityOutcomeRecord
  /**
   * `'reported'`: a `report()` measurement, adjusted with the run's other
   * reported measurements only (`family` counts them), so it never changes an
   * asserted invariant's verdict or the exit code. Absent for asserted invariants.
   */
  scope?: 'reported'
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
  /**
   * When the check drifted: per stage upstream of (or at) a drifted stage, in
   * pipeline order, its `own` drift (its current code on the baseline's
   * inputs) and `total` drift (this run), and what that makes it. Absent when
   * nothing drifted.
   */
  attribution?: AttributionRecord[]
}

/** One stage of a baseline drift's attribution (see `attributeDrift`). */
export interface AttributionRecord {
  stage: string
  /** `source`: its own change is beyond tolerance; `passed-on`: only its inputs' drift moved it; `within`; `not-attributable` (see `reason`). */
  status: 'source' | 'passed-on' | 'within' | 'not-attributable'
  metric?: string
  tolerance?: number
  statistic?: 'max' | 'mean'
  own?: number
  total?: number
  /** Spliced samples executed for this check. */
  executed?: number
  reason?: string
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

/** One stage of a reported run. */
export interface RunStageRecord {
  stage: string
  status: 'executed' | 'cached' | 'failed' | 'skipped'
  /** Content hash of the output (executed or cached). */
  hash?: string
  /** Model calls of this execution (0 when cached). */
  modelCalls: number
  /** Why it failed (the stage error's message) or was skipped. */
  note?: string
}

/**
 * One pipeline run (`run()`) put into the report with `report()` from inside
 * a test: what each stage did, in execution order. A measurement, not a
 * claim: it never fails the test; a failed run needs a look.
 */
export interface RunRecord {
  kind: 'run'
  pipeline: string
  status: 'passed' | 'failed'
  sample: number
  seed: number
  stages: RunStageRecord[]
  /** `status === 'passed'`. */
  pass: boolean
  negated: false
  durationMs: number
  execution: ExecutionRecord
  reported: true
}

/** Any butterfly assertion outcome. */
export type InvariantRecord = StabilityRecord | BaselineRecord | LatencyRecord | ErrorRecord | RunRecord

/** What matchers put under `task.meta.butterfly`. */
export interface ButterflyTaskMeta {
  records: InvariantRecord[]
}
