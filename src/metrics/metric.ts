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
 * Declares a custom metric. Returns its input, typed.
 *
 * @example
 * const lengthDelta = defineMetric({
 *   name: 'length-delta',
 *   describe: 'absolute difference of the number of items',
 *   compute: (a: unknown[], b: unknown[]) => Math.abs(a.length - b.length),
 * })
 */
export function defineMetric<T>(metric: Metric<T>): Metric<T> {
  return metric
}
