import type { SweepProgress } from './sweep.ts'

/** Follows one sweep: its progress events, then its end (also when it failed). */
export interface SweepWatch {
  update(event: SweepProgress): void
  done(): void
}

let watcher: ((label: string) => SweepWatch | undefined) | undefined

/**
 * Sets what follows the sweeps run without an `onProgress` of their own
 * (`sweep()`, `checkStability()` and the matchers, inside a test): the Vitest
 * layer's progress line. `undefined` removes it. Not exported from the package.
 */
export function watchUnwatchedSweeps(factory: ((label: string) => SweepWatch | undefined) | undefined): void {
  watcher = factory
}

/** The watch for a sweep nobody follows, when something was set to follow them. */
export function unwatchedSweep(label: string): SweepWatch | undefined {
  return watcher?.(label)
}
