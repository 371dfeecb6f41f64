/**
 * True when an output holds nothing a metric could compare: `null`,
 * `undefined`, `''`, an empty array, Map or Set, or an object whose every
 * value is itself empty (`{ facts: [] }`). A metric that selects part of the
 * output declares its own `empty()` instead.
 *
 * @example
 * isEmptyOutput({ facts: [], pages: [] }) // true
 * isEmptyOutput({ facts: [], count: 0 }) // false: 0 is a value
 */
export function isEmptyOutput(value: unknown): boolean {
  if (value === null || value === undefined || value === '') return true
  if (Array.isArray(value)) return value.length === 0
  if (value instanceof Map || value instanceof Set) return value.size === 0
  if (typeof value === 'object') return Object.values(value as Record<string, unknown>).every(isEmptyOutput)
  return false
}
