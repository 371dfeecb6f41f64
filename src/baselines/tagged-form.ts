import { isJsonForm } from './json-form.ts'

/**
 * How a baseline file holds an output: plain JSON data as it is, and every
 * value JSON cannot hold as a tagged object, so a reviewed file keeps what the
 * stage returned and a changed Map or Date is a change (JSON alone turns every
 * Map into `{}`, so two different Maps would compare equal):
 *
 * | value | stored as |
 * | --- | --- |
 * | `Map` | `{ "$type": "Map", "value": [[key, value], …] }` (insertion order) |
 * | `Set` | `{ "$type": "Set", "value": [item, …] }` |
 * | `Date` | `{ "$type": "Date", "value": "2024-01-02T03:04:05.000Z" }` (`null` when invalid) |
 * | `BigInt` | `{ "$type": "BigInt", "value": "123" }` |
 * | typed arrays | `{ "$type": "Uint8Array", "value": [1, 2] }` (each kind by name) |
 * | `undefined` (in arrays, at the top) | `{ "$type": "undefined" }` |
 * | `NaN`, `±Infinity`, `-0` | `{ "$type": "number", "value": "NaN" }` |
 * | an object with its own `$type` key | `{ "$type": "Object", "value": { … } }` |
 *
 * Undefined object properties are left out (they read back the same).
 * Object keys are sorted, as in every baseline file.
 */
export type TaggedForm = unknown

const TYPED_ARRAYS = {
  Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array,
  Float32Array, Float64Array, BigInt64Array, BigUint64Array,
} as const
type TypedArrayName = keyof typeof TYPED_ARRAYS

const tag = (type: string, value?: unknown): Record<string, unknown> => (value === undefined ? { $type: type } : { $type: type, value })

/**
 * The tagged form of a value (see {@link TaggedForm}); JSON data comes back as it is.
 *
 * @example
 * toTaggedForm({ seen: new Set(['a']) }) // { seen: { $type: 'Set', value: ['a'] } }
 */
export function toTaggedForm(value: unknown): TaggedForm {
  // Plain JSON data (the usual output) is its own tagged form; only a `$type` key needs a copy.
  if (isJsonForm(value) && !hasTypeKey(value)) return value
  return encode(value)
}

function hasTypeKey(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false
  if (Array.isArray(value)) return value.some(hasTypeKey)
  return Object.hasOwn(value, '$type') || Object.values(value).some(hasTypeKey)
}

function encode(value: unknown): TaggedForm {
  switch (typeof value) {
    case 'undefined': return tag('undefined')
    case 'bigint': return tag('BigInt', value.toString())
    case 'number': return Number.isFinite(value) && !Object.is(value, -0) ? value : tag('number', Object.is(value, -0) ? '-0' : String(value))
    case 'string': case 'boolean': return value
    case 'object': break
    default: return null
  }
  if (value === null) return null
  if (Array.isArray(value)) return Array.from(value, encode)
  if (value instanceof Map) return tag('Map', [...value].map(([k, v]) => [encode(k), encode(v)]))
  if (value instanceof Set) return tag('Set', [...value].map(encode))
  if (value instanceof Date) return tag('Date', Number.isNaN(value.getTime()) ? null : value.toISOString())
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const name = value.constructor.name as TypedArrayName
    return tag(name, Array.from(value as unknown as ArrayLike<number | bigint>, (x) => (typeof x === 'bigint' ? x.toString() : encode(x))))
  }
  const out: Record<string, unknown> = {}
  for (const key of Object.keys(value).sort()) {
    const v = (value as Record<string, unknown>)[key]
    if (v !== undefined) out[key] = encode(v)
  }
  return Object.hasOwn(out, '$type') ? tag('Object', out) : out
}

/**
 * The value a tagged form stands for (the inverse of {@link toTaggedForm}),
 * used to hash stored outputs the way the engine hashes fresh ones.
 *
 * @example
 * fromTaggedForm({ $type: 'BigInt', value: '12' }) // 12n
 */
export function fromTaggedForm(form: TaggedForm): unknown {
  // Plain data (no tag anywhere) is returned as it is, without a copy.
  return hasTypeKey(form) ? decode(form) : form
}

function decode(form: TaggedForm): unknown {
  if (typeof form !== 'object' || form === null) return form
  if (Array.isArray(form)) return form.map(decode)
  const record = form as Record<string, unknown>
  if (!Object.hasOwn(record, '$type')) return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, decode(v)]))
  const value = record.value
  switch (record.$type) {
    case 'undefined': return undefined
    case 'BigInt': return BigInt(String(value))
    case 'number': return value === '-0' ? -0 : Number(value)
    case 'Map': return new Map((value as [unknown, unknown][]).map(([k, v]) => [decode(k), decode(v)]))
    case 'Set': return new Set((value as unknown[]).map(decode))
    case 'Date': return new Date(value === null ? Number.NaN : String(value))
    case 'Object': return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, decode(v)]))
  }
  const typed = TYPED_ARRAYS[record.$type as TypedArrayName]
  if (typed !== undefined) {
    const items = (value as unknown[]).map((x) => (typeof x === 'string' ? BigInt(x) : decode(x)))
    return new (typed as unknown as new (xs: unknown[]) => unknown)(items)
  }
  // An unknown tag is data a person wrote: keep it as the object it is.
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, decode(v)]))
}
