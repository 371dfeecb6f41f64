const INDEX_KEY = /^(?:0|[1-9]\d*)$/

/**
 * True when `value` is already in the form `JSON.parse(stableStringify(value))`
 * would give it: plain objects with their keys in sorted order (integer keys
 * first, as JavaScript orders them), dense arrays, strings, booleans, null and
 * finite numbers other than -0. Outputs served by the engine are (they are
 * parsed from their cache entries), so their JSON form is the value itself
 * and a walk replaces a serialise-and-parse round trip.
 *
 * @example
 * isJsonForm({ a: 1, b: [true, null] }) // true
 * isJsonForm({ b: 1, a: 2 }) // false: keys not sorted
 * isJsonForm({ when: new Date() }) // false: a Date becomes a string
 */
export function isJsonForm(value: unknown): boolean {
  if (typeof value !== 'object') {
    return typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value) && (value !== 0 || 1 / value > 0))
  }
  if (value === null) return true
  if (Array.isArray(value)) {
    // A hole reads as undefined, which has no JSON form.
    for (let i = 0; i < value.length; i++) if (!isJsonForm(value[i])) return false
    return true
  }
  const proto: unknown = Object.getPrototypeOf(value)
  if (proto !== Object.prototype && proto !== null) return false
  const keys = Object.keys(value)
  let previous: string | undefined
  for (const key of keys) {
    const code = key.charCodeAt(0)
    // Integer keys always come first, in numeric order; every other key must follow in sorted order.
    const integer = code >= 48 && code <= 57 && INDEX_KEY.test(key) && Number(key) < 2 ** 32 - 1
    if (!integer) {
      if (previous !== undefined && !(previous < key)) return false
      previous = key
    } else if (previous !== undefined) return false
    if (!isJsonForm((value as Record<string, unknown>)[key])) return false
  }
  return true
}
