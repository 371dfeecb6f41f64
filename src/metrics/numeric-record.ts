import { builtinMetric } from './identity.ts'
import { MetricError } from '../errors.ts'
import type { Metric } from './metric.ts'
import { describeValue } from './value-kind.ts'

/** Options of {@link numericRecord}. */
export interface NumericRecordOptions {
  /** Per key, measure |a − b| / max(|a|, |b|) (0 when both are 0) instead of |a − b|. @default false */
  relative?: boolean
}

function requireRecord(which: string, value: unknown): Record<string, number> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new MetricError(`numericRecord: the ${which} value is ${describeValue(value)}, not a record of numbers`, { component: 'metrics' })
  }
  for (const [key, v] of Object.entries(value)) {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new MetricError(`numericRecord: the ${which} value at key "${key}" is ${describeValue(v)}, not a finite number`, { component: 'metrics' })
  }
  return value as Record<string, number>
}

/**
 * Value drift of a record of numbers (id → score): the largest per-key
 * difference |a[k] − b[k]|, so a tolerance of 0.05 means "no score moved by
 * more than 0.05". `details()` names the keys that moved, the one that moved
 * most first. Both records must have the same keys (a key on one side only
 * throws `MetricError` naming it): compare rankings with `kendallTau()`.
 *
 * @example
 * metrics.numericRecord().compute({ a: 0.7, b: 0.2 }, { a: 1.2, b: 0.2 }) // 0.5
 * metrics.numericRecord().details!({ a: 0.7, b: 0.2 }, { a: 1.2, b: 0.1 }).note // 'a: 0.7 -> 1.2 (largest of 2 keys that moved)'
 */
export function numericRecord(options: NumericRecordOptions = {}): Metric<Record<string, number>> {
  const relative = options.relative ?? false
  const deltas = (base: unknown, variant: unknown): [string, number][] => {
    const a = requireRecord('base', base)
    const b = requireRecord('variant', variant)
    for (const key of Object.keys(b)) if (!Object.hasOwn(a, key)) throw new MetricError(`numericRecord: key "${key}" is in the variant but not in the base`, { component: 'metrics' })
    return Object.keys(a).map((key) => {
      if (!Object.hasOwn(b, key)) throw new MetricError(`numericRecord: key "${key}" is in the base but not in the variant`, { component: 'metrics' })
      const x = a[key]!
      const y = b[key]!
      const diff = Math.abs(x - y)
      const scale = Math.max(Math.abs(x), Math.abs(y))
      return [key, relative ? (scale === 0 ? 0 : diff / scale) : diff]
    })
  }
  return builtinMetric(import.meta.url, options, {
    name: relative ? 'numericRecord(relative)' : 'numericRecord',
    describe: relative ? 'largest per-key relative difference |a[k] − b[k]| / max(|a[k]|, |b[k]|)' : 'largest per-key absolute difference |a[k] − b[k]|',
    compute: (base, variant) => Math.max(0, ...deltas(base, variant).map(([, d]) => d)),
    details(base, variant) {
      const moved = deltas(base, variant).filter(([, d]) => d > 0).sort((x, y) => y[1] - x[1])
      const top = moved[0]
      if (!top) return { changed: [] }
      return { changed: moved.map(([k]) => k), note: `${top[0]}: ${base[top[0]]} -> ${variant[top[0]]} (largest of ${moved.length} key${moved.length === 1 ? '' : 's'} that moved)` }
    },
  })
}
