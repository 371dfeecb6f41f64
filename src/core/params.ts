import { ParamsError } from '../errors.ts'
import type { AnyPipeline } from './pipeline.ts'
import { validateWith } from './standard-schema.ts'

/** Deep-partial overrides of a params type: any subset of fields, at any depth. */
export type DeepPartial<T> = T extends readonly unknown[]
  ? T
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> }
    : T

/** True for plain objects (not arrays, not class instances). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  const proto = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

/** Merges `overrides` into `base`; plain objects merge key by key, anything else replaces. */
export function deepMerge(base: unknown, overrides: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(overrides)) return overrides === undefined ? base : overrides
  const out: Record<string, unknown> = { ...base }
  for (const [key, value] of Object.entries(overrides)) out[key] = deepMerge(base[key], value)
  return out
}

/** Every leaf path of a plain-object tree, dotted (`generation.top_p`). */
export function leafPaths(value: unknown, prefix = ''): string[] {
  if (!isPlainObject(value)) return prefix ? [prefix] : []
  const entries = Object.entries(value)
  if (entries.length === 0) return prefix ? [prefix] : []
  return entries.flatMap(([key, child]) => leafPaths(child, prefix ? `${prefix}.${key}` : key))
}

// Walks a dotted path through plain objects; `found` is false when any part is missing.
function walk(value: unknown, path: string): { found: boolean; value: unknown } {
  let cur: unknown = value
  for (const part of path.split('.')) {
    if (!isPlainObject(cur) || !(part in cur)) return { found: false, value: undefined }
    cur = cur[part]
  }
  return { found: true, value: cur }
}

/** Reads a dotted path; `undefined` when any part is missing. */
export function getPath(value: unknown, path: string): unknown {
  return walk(value, path).value
}

/** True when the dotted path exists in `value`. */
export function hasPath(value: unknown, path: string): boolean {
  return walk(value, path).found
}

/** A copy of `value` with the dotted path set. */
export function setPath(value: unknown, path: string, next: unknown): unknown {
  const [head, ...rest] = path.split('.')
  const obj = isPlainObject(value) ? value : {}
  return { ...obj, [head!]: rest.length === 0 ? next : setPath(obj[head!], rest.join('.'), next) }
}

// Schemas whose defaults do not validate (a field is required): a sweep resolves
// params for thousands of runs, and validating `{}` again each time (an error
// object with its issues) cost a warm run more than reading its cached stage.
// Defaults that validate are validated per run: a default given by a function
// (a timestamp, an id) is evaluated per run, and an object a schema passes
// through as it is (`z.any()`, `z.custom()`) is never shared between runs.
const noDefaults = new WeakSet<object>()

/**
 * Resolves a pipeline's params: the schema's defaults, deep-merged with
 * `overrides`, validated. Throws a {@link ParamsError} naming the param path
 * on an invalid value or an override path the schema does not know.
 */
export async function resolveParams(pipeline: AnyPipeline, overrides: unknown = {}): Promise<unknown> {
  if (overrides !== undefined && !isPlainObject(overrides)) {
    throw new ParamsError(`pipeline "${pipeline.name}": params overrides must be a plain object`)
  }
  let base: unknown = {}
  if (!noDefaults.has(pipeline.params)) {
    const defaults = await validateWith(pipeline.params, {})
    if (defaults.status === 'valid') base = defaults.value
    else noDefaults.add(pipeline.params)
  }
  const merged = deepMerge(base, overrides ?? {})
  const result = await validateWith(pipeline.params, merged)
  if (result.status === 'invalid') {
    const list = result.issues.map((i) => `${i.path}: ${i.message}`).join('; ')
    throw new ParamsError(`pipeline "${pipeline.name}": invalid params at ${list}`)
  }
  for (const path of leafPaths(overrides ?? {})) {
    // An undefined override keeps the default (see deepMerge), so it names nothing to check.
    if (getPath(overrides, path) === undefined) continue
    if (!hasPath(result.value, path)) {
      throw new ParamsError(`pipeline "${pipeline.name}": unknown param "${path}" (not in the params schema)`)
    }
  }
  return result.value
}
