import { recordMetricModule } from './identity.ts'
/** Extra information a metric can give about one comparison, for reports. */
export interface DriftDetail {
  /** Paths or ids of the items that changed, most relevant first (e.g. keyed diff paths). */
  changed: string[]
  /** Free-form notes, e.g. `winner A -> B`. */
  note?: string
}

/**
 * A drift metric: 0 means identical, larger means more drift. `compute` is
 * pure; `describe` is the one-line text reports use.
 */
export interface Metric<T = unknown> {
  name: string
  describe: string
  /**
   * Declares what the metric computes, as a stage's `version` does: with it,
   * values of a metric from `defineMetric` (or a built-in given a function
   * option) are memoised in the cache and reused by later runs for the same
   * two outputs. Bump it when the metric's behaviour changes in a way its
   * module's code does not show (values its closure captured, data it reads);
   * an edit of the module or of the functions' source is recomputed anyway.
   * @default none: values are memoised within the process only
   */
  version?: string
  compute(base: T, variant: T): number
  /** Optional: which items changed, for failure messages and reports. */
  details?(base: T, variant: T): DriftDetail
  /**
   * Optional: true when an output holds nothing this metric compares (a
   * metric that selects one class of facts sees none). When every compared
   * output is empty on both sides, a stability check is `vacuous`.
   * @default the output is null, '', [] or an object of empty values
   */
  empty?(output: T): boolean
}

/**
 * Declares a custom metric. Returns its input, typed, with the module that
 * declared it recorded (with `version`, its values are memoised across runs
 * by that module's code; see `version`).
 *
 * @example
 * const lengthDelta = defineMetric({
 *   name: 'length-delta',
 *   describe: 'absolute difference of the number of items',
 *   compute: (a: unknown[], b: unknown[]) => Math.abs(a.length - b.length),
 * })
 */
export function defineMetric<T>(metric: Metric<T>): Metric<T> {
  return recordMetricModule(metric, new Error().stack)
}
