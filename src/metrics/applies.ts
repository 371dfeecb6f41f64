import { MetricError } from '../errors.ts'
import type { Metric } from './metric.ts'

// Per metric object, the hashes of the outputs it was already checked on: a
// sweep or a test file checks a metric once per distinct output, not per pair.
const checked = new WeakMap<Metric<any>, Set<string>>()

/**
 * Checks that `metric` applies to the output `read` gives by comparing the output with
 * itself, once per metric object and output hash. Identical pairs are
 * otherwise settled by hash without calling the metric, so a metric that
 * cannot read the stage's output (`top1()` without `select` on an object)
 * would pass with 2 identical repeats and throw with 5 differing ones; this
 * makes both throw the same `MetricError`, naming the stage.
 *
 * @example
 * checkMetricApplies(metrics.top1(), () => ({ ranking: ['a'] }), hash, 'stage "select"') // throws MetricError
 */
export function checkMetricApplies(
  metric: Metric<any>, read: () => unknown, hash: string, where: string,
  /** Computes (or serves the memoised) value of the self-comparison. @default calls `compute` */
  memoised: (compute: () => number) => number = (compute) => compute(),
): void {
  let seen = checked.get(metric)
  if (!seen) checked.set(metric, (seen = new Set()))
  if (seen.has(hash)) return
  let value: number
  try {
    // Read only now: a check already made for this hash reads (and serialises) nothing.
    value = memoised(() => {
      const output = read()
      return metric.compute(output, output)
    })
  } catch (error) {
    const why = error instanceof Error ? error.message.replace(/^\[butterfly\] /, '') : String(error)
    throw new MetricError(`[metric:${metric.name}] does not apply to the output of ${where}: ${why}`, { cause: error })
  }
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new MetricError(`[metric:${metric.name}] returned ${String(value)} comparing the output of ${where} with itself; a metric must return a finite number >= 0`)
  }
  seen.add(hash)
}
