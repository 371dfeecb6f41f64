import { jsonDiff } from './json-diff.ts'
import { exact } from './exact.ts'
import { kendallTau } from './kendall-tau.ts'
import type { Metric } from './metric.ts'
import { numeric } from './numeric.ts'
import { numericRecord } from './numeric-record.ts'
import { text } from './text.ts'

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

function isIdRanking(value: readonly unknown[]): boolean {
  if (value.length === 0) return false
  const allStrings = value.every((v) => typeof v === 'string')
  const allIntegers = value.every((v) => Number.isInteger(v))
  return (allStrings || allIntegers) && new Set(value).size === value.length
}

/**
 * The default metric for a stage output, chosen from the value's shape
 * (typically the base output):
 *
 * - number → `numeric()`; string → `text()`; boolean, null → `exact()`;
 * - array of unique strings or unique integers (ids, best first) →
 *   `kendallTau({ missing: 'bottom' })`: ids that one output lacks count as
 *   tied last, so a list whose members change is measured, not rejected;
 * - non-empty record of finite numbers (id → score) → `numericRecord()`:
 *   the largest per-key change of value, named in the details. Not a ranking
 *   metric: a score moving from 0.7 to 1.2 is drift even when the order
 *   holds (pass `kendallTau()` when only the order matters);
 * - array of objects with an `id` → `jsonDiff({ keys: ['id'] })`, not
 *   `setShift`: items matched by id still count value changes (a fact whose
 *   value changed), and added or removed items count by their leaves;
 * - anything else → `jsonDiff()`.
 *
 * Pass a metric explicitly when the guess is wrong, e.g. a record of scores
 * whose order alone matters (`kendallTau()`), or a list of tags
 * (`setShift()`). Every message and report names the metric used.
 *
 * @example
 * inferMetric(0.73).name // 'numeric'
 * inferMetric(['gpt', 'llama', 'qwen']).name // 'kendallTau'
 * inferMetric([{ id: 'f1', value: 3 }]).name // 'jsonDiff'
 * inferMetric({ gpt: 0.7, llama: 0.2 }).name // 'numericRecord'
 */
export function inferMetric(value: unknown): Metric<unknown> {
  if (typeof value === 'number') return inferred('numeric', () => numeric() as Metric<unknown>)
  if (typeof value === 'string') return inferred('text', () => text() as Metric<unknown>)
  if (typeof value === 'boolean' || value === null || value === undefined) return inferred('exact', exact)
  if (Array.isArray(value)) {
    if (isIdRanking(value)) return inferred('ranking', () => kendallTau({ missing: 'bottom' }) as Metric<unknown>)
    if (value.length > 0 && value.every((item) => isRecord(item) && 'id' in item)) return inferred('keyed', () => jsonDiff({ keys: ['id'] }))
    return inferred('json', () => jsonDiff())
  }
  if (isRecord(value)) {
    const entries = Object.values(value)
    if (entries.length > 0 && entries.every((v) => typeof v === 'number' && Number.isFinite(v))) return inferred('record', () => numericRecord() as Metric<unknown>)
  }
  return inferred('json', () => jsonDiff())
}

// One object per inferred kind: built-in metrics are pure, and one object per kind
// lets the memoised measurements identify it once instead of once per stage and sweep.
const kinds = new Map<string, Metric<unknown>>()

function inferred(kind: string, make: () => Metric<unknown>): Metric<unknown> {
  let metric = kinds.get(kind)
  if (!metric) kinds.set(kind, (metric = make()))
  return metric
}
