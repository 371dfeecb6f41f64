import { builtinMetric } from './identity.ts'
import { MetricError } from '../errors.ts'
import type { Metric } from './metric.ts'
import { describeValue } from './value-kind.ts'

/** Options of {@link numeric}. */
export interface NumericMetricOptions {
  /**
   * Measure the relative difference |a − b| / max(|a|, |b|) (0 when both
   * are 0) instead of the absolute one. Symmetric, so a base of 0 is no
   * special case. @default false
   */
  relative?: boolean
}

function requireNumber(which: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new MetricError(`numeric: the ${which} value is ${describeValue(value)}, not a finite number`, { component: 'metrics' })
  }
  return value
}

/**
 * Numeric drift: |base − variant|, or the relative difference with
 * `{ relative: true }`. Throws `MetricError` when a value is not a finite number.
 *
 * @example
 * metrics.numeric().compute(0.72, 0.69) // 0.03 (up to rounding)
 * metrics.numeric({ relative: true }).compute(80, 100) // 0.2
 */
export function numeric(options: NumericMetricOptions = {}): Metric<number> {
  const relative = options.relative ?? false
  return builtinMetric(import.meta.url, options, {
    name: relative ? 'numeric(relative)' : 'numeric',
    describe: relative ? 'relative difference |a − b| / max(|a|, |b|)' : 'absolute difference |a − b|',
    compute(base, variant) {
      const a = requireNumber('base', base)
      const b = requireNumber('variant', variant)
      const diff = Math.abs(a - b)
      if (!relative) return diff
      const scale = Math.max(Math.abs(a), Math.abs(b))
      return scale === 0 ? 0 : diff / scale
    },
    details: (base, variant) => ({ changed: base === variant ? [] : ['$'], note: `${base} -> ${variant}` }),
  })
}
