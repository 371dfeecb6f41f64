import { builtinMetric } from './identity.ts'
import { stableStringify } from '../core/hash.ts'
import { MetricError } from '../errors.ts'
import type { DriftDetail, Metric } from './metric.ts'
import { describeValue } from './value-kind.ts'

/** Options of {@link setShift}. */
export interface SetShiftOptions {
  /**
   * Field that identifies an item (e.g. `'id'`). Without it, items are
   * compared by their stable serialisation, so any change to an item counts
   * as one removed and one added.
   */
  key?: string
}

function itemIds(key: string | undefined, which: string, items: unknown): Set<string> {
  if (!Array.isArray(items)) {
    throw new MetricError(`setShift: the ${which} value is ${describeValue(items)}, not an array of items`, { component: 'metrics' })
  }
  return new Set(
    items.map((item: unknown, i) => {
      if (key === undefined) return stableStringify(item)
      if (item === null || typeof item !== 'object' || !(key in item)) {
        throw new MetricError(`setShift: ${which} item ${i} has no "${key}" field to match items by`, { component: 'metrics' })
      }
      const id = (item as Record<string, unknown>)[key]
      return typeof id === 'string' ? id : stableStringify(id)
    }),
  )
}

function compare(key: string | undefined, base: unknown, variant: unknown): { removed: string[]; added: string[]; union: number } {
  const a = itemIds(key, 'base', base)
  const b = itemIds(key, 'variant', variant)
  const removed = [...a].filter((id) => !b.has(id))
  const added = [...b].filter((id) => !a.has(id))
  return { removed, added, union: a.size + added.length }
}

/**
 * Set shift: the share of items added or removed, 1 − Jaccard(base, variant),
 * with items matched by `key` (or by value). Order and duplicates are
 * ignored; two empty arrays give 0. `details()` lists removed and added ids.
 *
 * @example
 * const m = metrics.setShift({ key: 'id' })
 * m.compute([{ id: 'a' }, { id: 'b' }], [{ id: 'b' }, { id: 'c' }]) // 1 − 1/3 = 0.667
 */
export function setShift(options: SetShiftOptions = {}): Metric<readonly unknown[]> {
  const { key } = options
  return builtinMetric(import.meta.url, options, {
    name: 'setShift',
    describe: key ? `share of items added or removed (1 − Jaccard, matched by "${key}")` : 'share of items added or removed (1 − Jaccard)',
    compute(base, variant) {
      const { removed, added, union } = compare(key, base, variant)
      return union === 0 ? 0 : (removed.length + added.length) / union
    },
    details(base, variant): DriftDetail {
      const { removed, added } = compare(key, base, variant)
      return {
        changed: [...removed.map((id) => `-${id}`), ...added.map((id) => `+${id}`)],
        note: `${removed.length} removed, ${added.length} added`,
      }
    },
  })
}
