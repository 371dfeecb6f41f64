import type { RunnerTestCase } from 'vitest'

// The stack frames where each invariants() test was declared.
const declarations = new WeakMap<RunnerTestCase, string>()

/**
 * The stack frames of the caller of `fn` (the spec line that called
 * `invariants()`), as the runtime prints them: source-mapped to the spec's
 * own lines under Vitest.
 */
export function declarationFrames(fn: (...args: never[]) => unknown): string {
  const holder: { stack?: string } = {}
  Error.captureStackTrace(holder, fn)
  return (holder.stack ?? '').split('\n').slice(1).join('\n')
}

/** Remembers where a test was declared (`declarationFrames`). */
export function rememberDeclaration(task: RunnerTestCase, frames: string): void {
  declarations.set(task, frames)
}

/**
 * Runs `fn` (a synchronous call to `context.annotate`) so that a stack taken
 * during it ends with the frames where the test was declared. Vitest gives an
 * annotation the location of the first frame of the stack in the spec file;
 * a test declared by `invariants()` runs a callback defined in this package,
 * whose stack has no such frame, so without this its annotation has no
 * location and the `github-actions` reporter leaves it out. A test declared
 * in the spec keeps its own frames first: they win.
 */
export function withDeclaration<T>(task: RunnerTestCase, fn: () => T): T {
  const frames = declarations.get(task)
  if (!frames) return fn()
  const original = Error.prepareStackTrace
  Error.prepareStackTrace = (error, callSites) => {
    const stack: unknown = original ? original(error, callSites) : `${String(error)}${callSites.map((c) => `\n    at ${String(c)}`).join('')}`
    return typeof stack === 'string' ? `${stack}\n${frames}` : stack
  }
  try {
    return fn()
  } finally {
    Error.prepareStackTrace = original
  }
}
