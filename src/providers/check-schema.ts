import type { StandardIssue, StandardSchemaV1 } from '../core/standard-schema.ts'

/** Reports problems of a value at paths; returns nothing when the value is fine. */
export type Check = (value: unknown, path: (string | number)[], issues: StandardIssue[]) => void

/**
 * A Standard Schema from a check function. The judge and promptfoo stages
 * declare their outputs with it, so they need no schema library (zod is an
 * optional peer of vitest-butterfly).
 */
export function checkSchema<T>(vendor: string, check: Check): StandardSchemaV1<unknown, T> {
  return {
    '~standard': {
      version: 1,
      vendor,
      validate(value) {
        const issues: StandardIssue[] = []
        check(value, [], issues)
        return issues.length > 0 ? { issues } : { value: value as T }
      },
    },
  }
}

/** Checks that `value` is a plain object; reports and returns false otherwise. */
export function isObjectAt(value: unknown, path: (string | number)[], issues: StandardIssue[]): value is Record<string, unknown> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) return true
  issues.push({ message: 'expected an object', path })
  return false
}

/** Checks the type of one field: `string`, `number` (finite), `boolean`, or one of those or `null`. */
export function fieldAt(
  obj: Record<string, unknown>, key: string, type: 'string' | 'number' | 'boolean',
  path: (string | number)[], issues: StandardIssue[], options: { optional?: boolean; nullable?: boolean } = {},
): void {
  const v = obj[key]
  if (v === undefined && options.optional) return
  if (v === null && options.nullable) return
  const ok = type === 'number' ? typeof v === 'number' && Number.isFinite(v) : typeof v === type
  if (!ok) issues.push({ message: `expected ${type === 'number' ? 'a finite number' : `a ${type}`}${options.nullable ? ' or null' : ''}, got ${v === null ? 'null' : typeof v}`, path: [...path, key] })
}
