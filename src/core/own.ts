/**
 * `record[key]` when `record` has `key` as an own property, else `undefined`.
 * Every lookup by a user-chosen name (stage, model, variant) goes through it:
 * a stage named `constructor` or `toString` must not find `Object.prototype`'s
 * member in a record that has no entry for it.
 *
 * @example
 * own({}, 'constructor') // undefined (not Object)
 */
export function own<T>(record: Readonly<Record<string, T>> | undefined | null, key: string): T | undefined {
  return record != null && Object.hasOwn(record, key) ? record[key] : undefined
}
