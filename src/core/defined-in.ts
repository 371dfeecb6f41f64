// The module that called a `define…` function (defineStage, defineMetric,
// perturb.data), so that what it defined can be identified by that module's
// code. A registered symbol in a non-enumerable property (not a WeakMap)
// because a test runner may evaluate this module twice (Vitest's
// `vi.resetModules`), and the engine's copy must still see what the copy
// that defined the object recorded.
const DEFINED_IN = Symbol.for('vitest-butterfly.definedIn')

// Stack frames look like `    at fn (/abs/file.ts:12:3)` or `    at file:///abs/file.ts:12:3`
// under Node, tsx and Vitest's module runner alike; the frame after the define function's own is the caller.
const FRAME = /\(?((?:file:\/\/)?(?:\/|[A-Za-z]:[\\/])[^()]*?):\d+:\d+\)?\s*$/

/**
 * Records on `target` the module whose code called the function named
 * `definer` (found in `stack`, taken inside that function), when the stack
 * tells it. Returns `target`.
 */
export function recordDefiningModule<T>(target: T, stack: string | undefined, definer: string): T {
  const lines = (stack ?? '').split('\n').slice(1)
  const own = lines.findIndex((line) => line.includes(definer))
  const module = own === -1 ? undefined : lines[own + 1]?.match(FRAME)?.[1]
  if (module && target && typeof target === 'object' && Object.isExtensible(target)) {
    Object.defineProperty(target, DEFINED_IN, { value: module, enumerable: false, configurable: true })
  }
  return target
}

/**
 * Records `module` (a path or `file:` URL, e.g. `import.meta.url`) as the
 * defining module of `target`, enumerable so that a copy made by spreading
 * `target` keeps it. Returns `target`.
 */
export function setDefiningModule<T extends object>(target: T, module: string): T {
  Object.defineProperty(target, DEFINED_IN, { value: module, enumerable: true, configurable: true })
  return target
}

/** The module (path or `file:` URL) {@link recordDefiningModule} recorded on `target`, if any. */
export function definedIn(target: unknown): string | undefined {
  const value = target && typeof target === 'object' ? (target as Record<symbol, unknown>)[DEFINED_IN] : undefined
  return typeof value === 'string' ? value : undefined
}
