import { definedIn, recordDefiningModule, setDefiningModule } from '../core/defined-in.ts'
import { hashValue } from '../core/hash.ts'
import type { Metric } from './metric.ts'

/** What a module's code is: a fingerprint of its module graph (given by a layer that reads files). */
export type ModuleFingerprint = (module: string) => string

// The options a built-in factory was called with, and the functions it made.
// Enumerable, so that a copy with a declared version (`{ ...metrics.top1({ select }),
// version: 'v2' }`) keeps them; a copy whose functions were replaced
// (`{ ...metrics.numeric(), compute }`) is no longer the built-in metric.
const OPTIONS = Symbol.for('vitest-butterfly.metricOptions')

interface BuiltinMarker {
  options: unknown
  functions: readonly unknown[]
}

const functionsOf = (metric: Metric<any>): unknown[] => [metric.compute, metric.details, metric.empty]

/**
 * Marks `metric` as made by a built-in factory of module `module`
 * (`import.meta.url`) with `options`: its identity is then its name, its
 * options and that module's code.
 */
export function builtinMetric<T>(module: string, options: unknown, metric: Metric<T>): Metric<T> {
  const marker: BuiltinMarker = { options: options ?? null, functions: functionsOf(metric) }
  Object.defineProperty(metric, OPTIONS, { value: marker, enumerable: true, configurable: true })
  return setDefiningModule(metric, module)
}

/** Records the module that called `defineMetric` on `metric`. */
export function recordMetricModule<T>(metric: Metric<T>, stack: string | undefined): Metric<T> {
  return recordDefiningModule(metric, stack, 'defineMetric')
}

const identities = new WeakMap<Metric<any>, string | null>()

/**
 * The identity under which a metric's values may be memoised across runs
 * and machines, or `undefined` when it has none (its values are then
 * memoised within the process only, by the metric object).
 *
 * A value is reused only when everything that decides it is the same, and a
 * function's behaviour is its source, the code it calls and the values its
 * closure captured. The module graph of the defining module covers the first
 * two; nothing can see the third (a factory's arguments, data read at run
 * time). So:
 *
 * - a built-in metric is identified by its name, its options and its
 *   module's code; options that hold a function (`top1({ select })`) close
 *   over values nothing sees, so it needs a declared `version` too;
 * - a metric from `defineMetric` is identified only when it declares
 *   `version` (a promise, as a stage's `version` is: bump it when what the
 *   metric computes changes), together with its name, the source of its
 *   functions and its module's code (so an edit is recomputed even without a bump);
 * - any other object (no module known) has no identity.
 */
export function metricIdentity(metric: Metric<any>, fingerprint: ModuleFingerprint | undefined): string | undefined {
  if (!fingerprint) return undefined
  let id = identities.get(metric)
  if (id === undefined) identities.set(metric, (id = identify(metric, fingerprint) ?? null))
  return id ?? undefined
}

function identify(metric: Metric<any>, fingerprint: ModuleFingerprint): string | undefined {
  const module = definedIn(metric)
  if (module === undefined) return undefined
  const marker = Object.hasOwn(metric, OPTIONS) ? (metric as unknown as Record<symbol, BuiltinMarker>)[OPTIONS] : undefined
  // Built-in only while its functions are the factory's: a replaced compute is the user's code.
  const builtin = marker !== undefined && functionsOf(metric).every((f, i) => f === marker.functions[i])
  const options = builtin ? marker.options : undefined
  const version = typeof metric.version === 'string' ? metric.version : undefined
  if (version === undefined && (!builtin || holdsFunction(options))) return undefined
  const source = (f: unknown): string | null => (typeof f === 'function' ? f.toString() : null)
  let code: string
  try {
    code = fingerprint(module)
  } catch {
    return undefined
  }
  return hashValue({
    name: metric.name, describe: metric.describe, version: version ?? null, code,
    options: withSources(options),
    functions: functionsOf(metric).map(source),
  })
}

function holdsFunction(value: unknown, seen = new Set<unknown>()): boolean {
  if (typeof value === 'function') return true
  if (value === null || typeof value !== 'object' || seen.has(value)) return false
  seen.add(value)
  return Object.values(value).some((v) => holdsFunction(v, seen))
}

// Functions in options enter the identity by their source.
function withSources(value: unknown): unknown {
  if (typeof value === 'function') return `function:${value.toString()}`
  if (Array.isArray(value)) return value.map(withSources)
  if (value === null || typeof value !== 'object') return value ?? null
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withSources(v)]))
}
