import { exact } from './exact.ts'
import { jsonDiff } from './json-diff.ts'
import { kendallTau } from './kendall-tau.ts'
import { numeric } from './numeric.ts'
import { setShift } from './set-shift.ts'
import { text } from './text.ts'
import { top1 } from './top1.ts'
import { topK } from './top-k.ts'

/**
 * The built-in drift metrics. Each is a factory returning a `Metric`: 0 means
 * identical, larger means more drift; shapes a metric cannot compare throw
 * `MetricError` (never NaN).
 *
 * - `exact()` — 0/1, stable-serialisation equality.
 * - `numeric({ relative? })` — |a − b|, or relative to max(|a|, |b|).
 * - `setShift({ key? })` — 1 − Jaccard of the item sets.
 * - `jsonDiff({ keys? })` — share of changed leaves, keyed structural diff.
 * - `kendallTau()` — 1 − τ_b between two rankings (0..2).
 * - `top1({ select? })` — 0/1, did the winner change.
 * - `topK(k)` — share of the top-k set that changed.
 * - `text()` — normalised token edit distance.
 *
 * A promptfoo assertion as a metric is `promptfooMetric(assertion)` from
 * `vitest-butterfly/promptfoo`, so that this entry never loads the optional integration.
 *
 * @example
 * const d = s.drift('rank', metrics.kendallTau())
 * metrics.top1().compute(['a', 'b'], ['b', 'a']) // 1
 */
export const metrics = { exact, numeric, setShift, jsonDiff, kendallTau, top1, topK, text } as const
