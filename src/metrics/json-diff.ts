import { builtinMetric } from './identity.ts'
import { atomizeChangeset, diff, type IAtomicChange } from 'json-diff-ts'
import type { DriftDetail, Metric } from './metric.ts'

/** Options of {@link jsonDiff}. */
export interface JsonDiffOptions {
  /**
   * Id fields that match the items of an array of objects across the two
   * outputs (the first field every item has, with unique values), so a
   * reordered or inserted item is not counted as a change of every later
   * item. Arrays that do not qualify are compared by index. `[]` turns
   * keyed matching off.
   * @default ['id']
   */
  keys?: readonly string[]
}

/** Wrapper key, so top-level primitives and arrays go through the same diff. */
const ROOT = '$'

/** Number of leaves (primitives, null) in a value; empty containers have none. */
function leafCount(value: unknown): number {
  if (value === undefined) return 0
  if (value === null || typeof value !== 'object') return 1
  let n = 0
  for (const child of Object.values(value)) n += leafCount(child)
  return n
}

/**
 * For every array position (json-diff-ts identifies them by the dotted object
 * keys leading there, array indices skipped), the id field all its arrays in
 * both outputs can be matched by, if any.
 */
function embeddedKeys(keys: readonly string[], ...roots: unknown[]): Record<string, string> {
  const candidates = new Map<string, Set<string>>()
  const visit = (value: unknown, keyPath: string): void => {
    if (Array.isArray(value)) {
      const fit = new Set(keys.filter((k) => isKeyedBy(value, k)))
      const seen = candidates.get(keyPath)
      candidates.set(keyPath, seen ? new Set([...seen].filter((k) => fit.has(k))) : fit)
      for (const item of value) visit(item, keyPath)
    } else if (value !== null && typeof value === 'object') {
      for (const [k, child] of Object.entries(value)) visit(child, keyPath ? `${keyPath}.${k}` : k)
    }
  }
  for (const root of roots) visit({ [ROOT]: root }, '')
  const out: Record<string, string> = {}
  for (const [path, fit] of candidates) {
    const key = keys.find((k) => fit.has(k))
    if (key !== undefined) out[path] = key
  }
  return out
}

function isKeyedBy(items: readonly unknown[], key: string): boolean {
  const ids = new Set<string>()
  for (const item of items) {
    if (item === null || typeof item !== 'object' || Array.isArray(item) || !(key in item)) return false
    const id = (item as Record<string, unknown>)[key]
    if (typeof id !== 'string' && typeof id !== 'number') return false
    if (ids.has(String(id))) return false
    ids.add(String(id))
  }
  // An empty array qualifies too: it must not veto the key for the same position in the other output.
  return true
}

interface LeafDiff {
  changes: IAtomicChange[]
  changedLeaves: number
  unionLeaves: number
}

function leafDiff(keys: readonly string[], base: unknown, variant: unknown): LeafDiff {
  const changes = atomizeChangeset(
    diff({ [ROOT]: base }, { [ROOT]: variant }, { embeddedObjKeys: embeddedKeys(keys, base, variant) }),
  )
  let changed = 0
  let added = 0
  for (const c of changes) {
    const oldLeaves = leafCount(c.oldValue)
    const newLeaves = leafCount(c.value)
    if (c.type === 'ADD') {
      changed += newLeaves
      added += newLeaves
    } else if (c.type === 'REMOVE') {
      changed += leafCount(c.value)
    } else if (oldLeaves === 1 && newLeaves === 1 && !isContainer(c.oldValue) && !isContainer(c.value)) {
      changed += 1
    } else {
      // Container replaced by another shape, or an array slot emptied: its old leaves go, its new ones come.
      changed += oldLeaves + newLeaves
      added += newLeaves
    }
  }
  return { changes, changedLeaves: changed, unionLeaves: leafCount(base) + added }
}

function isContainer(value: unknown): boolean {
  return value !== null && typeof value === 'object'
}

/** Paths in JSONPath form relative to the output (`$.facts[?(@.id=='f2')].value`). */
function displayPath(path: string): string {
  return path.startsWith(`$.${ROOT}`) ? `$${path.slice(2 + ROOT.length)}` : path
}

/**
 * Structural drift: the share of leaf values (strings, numbers, booleans,
 * nulls) that were changed, added or removed, out of all leaves of both
 * outputs, from a keyed structural diff (json-diff-ts). Arrays of objects are
 * matched by an id field (see `keys`), other arrays by index. Identical
 * outputs give 0, disjoint ones 1; two empty structures give 0.
 * `details()` keeps the changed paths for reports.
 *
 * @example
 * const m = metrics.jsonDiff()
 * const base = { facts: [{ id: 'a', v: 1 }, { id: 'b', v: 2 }] }
 * const variant = { facts: [{ id: 'b', v: 2 }, { id: 'a', v: 3 }] }
 * m.compute(base, variant) // 0.25: one of the four leaves (a's v) changed; the reordering is ignored
 * m.details!(base, variant).changed // ["$.facts[?(@.id=='a')].v"]
 */
export function jsonDiff(options: JsonDiffOptions = {}): Metric<unknown> {
  const keys = options.keys ?? ['id']
  // Callers ask for `compute` then `details` of the same pair; the diff is the
  // expensive part, so the last pair's diff is kept (by identity: outputs are
  // not mutated between the two calls).
  let last: { base: unknown; variant: unknown; diff: ReturnType<typeof leafDiff> } | undefined
  const diffOf = (base: unknown, variant: unknown): ReturnType<typeof leafDiff> => {
    if (last && last.base === base && last.variant === variant) return last.diff
    const diff = leafDiff(keys, base, variant)
    last = isContainer(base) || isContainer(variant) ? { base, variant, diff } : undefined
    return diff
  }
  return builtinMetric(import.meta.url, options, {
    name: 'jsonDiff',
    describe: keys.length
      ? `share of changed leaves (structural diff; arrays of objects matched by ${keys.map((k) => `"${k}"`).join(' or ')} where they have it, other arrays by index)`
      : 'share of changed leaves (structural diff, arrays by index)',
    compute(base, variant) {
      const { changedLeaves, unionLeaves } = diffOf(base, variant)
      return unionLeaves === 0 ? 0 : changedLeaves / unionLeaves
    },
    details(base, variant): DriftDetail {
      const { changes, changedLeaves, unionLeaves } = diffOf(base, variant)
      return {
        changed: [...new Set(changes.map((c) => displayPath(c.path)))],
        note: `${changedLeaves} of ${unionLeaves} leaves changed`,
      }
    },
  })
}
