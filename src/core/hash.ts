import { hash } from 'node:crypto'
import { configure } from 'safe-stable-stringify'

// Sorted keys make the serialisation (and so every hash) independent of the
// order in which a stage happened to build its objects.
const stable = configure({ deterministic: true, circularValue: TypeError, bigint: true })

/**
 * Serialises a value to JSON with sorted object keys, so equal values always
 * give equal bytes. Throws on circular structures.
 *
 * @example
 * stableStringify({ b: 1, a: 2 }) // '{"a":2,"b":1}'
 */
export function stableStringify(value: unknown, space?: number): string {
  const out = stable(value, null, space)
  // undefined at the top level has no JSON form; store it as null so it round-trips predictably.
  return out === undefined ? 'null' : out
}

/** sha256 of a string or bytes, as 64 hex characters. */
export function sha256(data: string | Uint8Array): string {
  // The one-shot form: a warm run hashes tens of thousands of keys and entries.
  return hash('sha256', data, 'hex')
}

/**
 * Content hash of a value: sha256 of its stable serialisation.
 *
 * @example
 * hashValue({ a: 1, b: 2 }) === hashValue({ b: 2, a: 1 }) // true
 */
export function hashValue(value: unknown): string {
  return sha256(stableStringify(value))
}

/** A 32-bit unsigned integer derived from the given parts, for seeds. */
export function hash32(...parts: unknown[]): number {
  return Number.parseInt(hashValue(parts).slice(0, 8), 16) >>> 0
}
