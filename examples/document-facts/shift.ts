import { defineMetric } from 'vitest-butterfly'
import type { Metric } from 'vitest-butterfly'

/** The fact shift within one group of documents. */
export interface GroupShift {
  group: string
  /** Distinct ids in the base run and in the variant run. */
  base: number
  variant: number
  shared: number
  /** 1 − Jaccard of the id sets: the share of facts that one run has and the other has not. 0 when both are empty. */
  shift: number
}

/**
 * Compares two runs' facts (or benchmark items) by id, per group (e.g. per
 * document class): 1 − |A ∩ B| / |A ∪ B|. Groups come out sorted by name.
 *
 * @example
 * idShift(pdfjsFacts, mupdfFacts, (f) => f.class)
 * // [{ group: 'generated', base: 97, variant: 97, shared: 93, shift: 0.079 }, ...]
 */
export function idShift<T extends { id: string }>(base: readonly T[], variant: readonly T[], groupOf: (item: T) => string): GroupShift[] {
  const groups = new Map<string, { a: Set<string>; b: Set<string> }>()
  const add = (item: T, side: 'a' | 'b'): void => {
    const key = groupOf(item)
    if (!groups.has(key)) groups.set(key, { a: new Set(), b: new Set() })
    groups.get(key)![side].add(item.id)
  }
  for (const item of base) add(item, 'a')
  for (const item of variant) add(item, 'b')
  return [...groups.entries()].sort(([x], [y]) => x.localeCompare(y)).map(([group, { a, b }]) => {
    const shared = [...a].filter((id) => b.has(id)).length
    const union = a.size + b.size - shared
    return { group, base: a.size, variant: b.size, shared, shift: union === 0 ? 0 : 1 - shared / union }
  })
}

/** Anything with an id and a document class: facts and benchmark items. */
export interface ClassedItem {
  id: string
  class: string
}

/**
 * A drift metric for `facts` or `benchmark` outputs: 1 − Jaccard of the ids of
 * the items of one document class (all items when `cls` is left out).
 * `details()` names the ids that appeared (+) and disappeared (−).
 *
 * @example
 * await expect(pipeline).toBeStableUnder(perturb.swap('extraction.engine', 'mupdf'), {
 *   stage: 'facts', metric: classShift('table'), tolerance: 0.02,
 * })
 */
export function classShift(cls?: string): Metric<readonly ClassedItem[]> {
  const pick = (items: readonly ClassedItem[]): ClassedItem[] => (cls === undefined ? [...items] : items.filter((i) => i.class === cls))
  return defineMetric({
    name: cls === undefined ? 'factShift' : `factShift:${cls}`,
    describe: `share of ${cls === undefined ? '' : `${cls} `}ids added or removed (1 − Jaccard)`,
    compute: (base, variant) => idShift(pick(base), pick(variant), () => 'all')[0]?.shift ?? 0,
    details: (base, variant) => {
      const a = new Set(pick(base).map((i) => i.id))
      const b = new Set(pick(variant).map((i) => i.id))
      return { changed: [...[...a].filter((id) => !b.has(id)).map((id) => `-${id}`), ...[...b].filter((id) => !a.has(id)).map((id) => `+${id}`)] }
    },
    // No fact of the class on either side: a shift of 0 says nothing (the check is vacuous).
    empty: (items) => pick(items).length === 0,
  })
}
