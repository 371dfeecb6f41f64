import { DevalueError, stringify } from 'devalue'
import { sha256, stableStringify } from './hash.ts'

/**
 * How an output is kept in a cache entry: as JSON when JSON holds it exactly,
 * else as a devalue string. devalue (not superjson) because it keeps every
 * built-in value a stage may return (BigInt, Map, Set, Date, typed arrays,
 * `undefined` in arrays and at the top, NaN, -0, repeated references), needs
 * no registration, has no dependencies, and throws on what it cannot keep
 * (class instances, functions, symbols) with the path of the value, where
 * superjson turns unknown classes into plain objects without a word.
 */
export type StoredOutput = { output: unknown } | { encoded: string }

/** An output ready to store: its stored form and its content hash. */
export interface EncodedOutput {
  stored: StoredOutput
  /** The stored form as text: the stable JSON of a JSON value, else the devalue string. */
  text: string
  /** sha256 of the stable JSON for JSON values (the hash baselines record); of the devalue form of a key-sorted copy otherwise. */
  hash: string
}

/**
 * Encodes a stage output for a cache entry. Throws an `Error` naming the
 * path (e.g. `.items[2].when`) of a value that cannot be kept faithfully.
 *
 * @example
 * encodeOutput(new Map([['a', 1n]])).stored // { encoded: '[["Map",1],…]' }
 */
export function encodeOutput(value: unknown): EncodedOutput {
  if (isJsonExact(value)) {
    const text = stableStringify(value)
    return { stored: { output: value }, text, hash: sha256(text) }
  }
  try {
    const hash = sha256(`devalue:${stringify(sorted(value))}`)
    const text = stringify(value)
    return { stored: { encoded: text }, text, hash }
  } catch (error) {
    if (error instanceof DevalueError) throw new Error(`the value at ${error.path || '(the output itself)'} cannot be stored (${error.message.toLowerCase()}): return plain data, Map, Set, Date, BigInt or typed arrays`)
    throw error
  }
}

/** The content hash of an output, as {@link encodeOutput} computes it. */
export function outputHash(value: unknown): string {
  return encodeOutput(value).hash
}

// True when JSON.parse(JSON.stringify(value)) gives an equal value back. An
// `undefined` property counts as exact: JSON drops it and the object reads the same.
// A cycle is not exact either (and is refused by the hashing below).
function isJsonExact(value: unknown, open = new Set<object>()): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true
  if (typeof value === 'number') return Number.isFinite(value) && !Object.is(value, -0)
  if (typeof value !== 'object' || open.has(value)) return false
  open.add(value)
  try {
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) if (!(i in value) || value[i] === undefined || !isJsonExact(value[i], open)) return false
      return true
    }
    const proto = Object.getPrototypeOf(value)
    if (proto !== Object.prototype && proto !== null) return false
    for (const item of Object.values(value)) if (item !== undefined && !isJsonExact(item, open)) return false
    return true
  } finally {
    open.delete(value)
  }
}

// Sorted keys make the hash independent of the order a stage built its objects
// in. Cycles are refused here: devalue could keep them, but no baseline, metric
// or report downstream can.
function sorted(value: unknown, path = '', open = new Set<object>()): unknown {
  if (value === null || typeof value !== 'object') return value
  if (open.has(value)) throw new Error(`the value at ${path || '(the output itself)'} is a circular reference: outputs must be trees`)
  open.add(value)
  try {
    if (Array.isArray(value)) return value.map((item, i) => sorted(item, `${path}[${i}]`, open))
    if (value instanceof Map) return new Map([...value].map(([k, v], i) => [sorted(k, `${path}.get(${i})`, open), sorted(v, `${path}.get(${i})`, open)]))
    if (value instanceof Set) return new Set([...value].map((item, i) => sorted(item, `${path}.values[${i}]`, open)))
    const proto = Object.getPrototypeOf(value)
    if (proto !== Object.prototype && proto !== null) return value
    const out: Record<string, unknown> = {}
    for (const key of Object.keys(value).sort()) out[key] = sorted((value as Record<string, unknown>)[key], `${path}.${key}`, open)
    return out
  } finally {
    open.delete(value)
  }
}
