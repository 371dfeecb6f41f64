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

/**
 * Puts the frames where a test was declared at the top of a failure's stack,
 * the original frames kept below them. Vitest points a failure (its code frame,
 * the `github-actions` error annotation) at the first stack frame of a
 * module it transformed; an `invariants()` test fails inside this package,
 * which Vitest loads untransformed once installed, so without this the
 * failure has no frame to point at.
 * Vitest does the same for a timeout: it reports the test's declaration.
 */
export function locateAtDeclaration(error: unknown, frames: string): unknown {
  if (!(error instanceof Error) || typeof error.stack !== 'string' || frames === '') return error
  const lines = error.stack.split('\n')
  const first = lines.findIndex((l) => /^\s+at /.test(l))
  if (first < 0) return error
  error.stack = [...lines.slice(0, first), frames, ...lines.slice(first)].join('\n')
  return error
}
