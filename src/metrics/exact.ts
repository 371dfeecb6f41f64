import { builtinMetric } from './identity.ts'
import { stableStringify } from '../core/hash.ts'
import type { Metric } from './metric.ts'

/**
 * Exact match: 0 when the two outputs serialise to the same stable JSON
 * (object key order ignored), 1 otherwise. Works on any JSON-like value.
 *
 * @example
 * metrics.exact().compute({ a: 1, b: 2 }, { b: 2, a: 1 }) // 0
 * metrics.exact().compute('yes', 'no') // 1
 */
export function exact(): Metric<unknown> {
  return builtinMetric(import.meta.url, null, {
    name: 'exact',
    describe: 'exact match (0 = identical, 1 = different)',
    compute: (base, variant) => (stableStringify(base) === stableStringify(variant) ? 0 : 1),
  })
}
