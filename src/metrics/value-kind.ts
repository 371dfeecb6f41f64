/**
 * A short description of a value's kind for error messages:
 * `null`, `an array of 3`, `an object`, `a string`, `NaN`.
 *
 * @example
 * `the base value is ${describeValue([1, 2])}` // 'the base value is an array of 2'
 */
export function describeValue(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return `an array of ${value.length}`
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value)
  if (typeof value === 'object') return 'an object'
  if (typeof value === 'undefined') return 'undefined'
  return `a ${typeof value}`
}
