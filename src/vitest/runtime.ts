import { inject } from 'vitest'
import type { AnyPipeline } from '../core/pipeline.ts'
import type { Perturbation } from '../perturbations/perturbation.ts'
import type { SweepOptions } from '../perturbations/sweep.ts'
import type { SweepResult } from '../verdict/sweep.ts'
import { sweep } from '../verdict/sweep.ts'
import type { BaselineTracker } from '../baselines/tracker.ts'
import { createBaselineTracker } from '../baselines/tracker.ts'
import { stableStringify } from '../core/hash.ts'
import type { ResolvedButterflyOptions } from './options.ts'
import { resolveButterflyOptions } from './options.ts'
import { createProgress } from './progress.ts'
import { watchUnwatchedSweeps } from '../perturbations/unwatched.ts'

declare module 'vitest' {
  interface ProvidedContext {
    /** Options of the butterfly plugin, provided to every worker. */
    butterfly: ResolvedButterflyOptions
  }
}

/**
 * The plugin's options in this worker; the defaults (relative to the
 * working directory) when the setup file is used without the plugin.
 */
export function workerOptions(): ResolvedButterflyOptions {
  return pluginOptions() ?? resolveButterflyOptions({}, process.cwd())
}

/** The plugin's options when the `butterfly()` plugin (and so its reporter) runs this test; `undefined` with the setup file alone. */
export function pluginOptions(): ResolvedButterflyOptions | undefined {
  try {
    return inject('butterfly')
  } catch {
    return undefined
  }
}

// Module state lives as long as the test file's module graph (one per spec
// file with Vitest's default isolation): every assertion of a file shares one
// executor and cache, and identical sweeps run once.
const sweeps = new WeakMap<AnyPipeline, Map<string, Promise<SweepResult>>>()
const identities = new WeakMap<object, number>()
let nextIdentity = 0

function identity(value: object): number {
  let id = identities.get(value)
  if (id === undefined) {
    id = nextIdentity++
    identities.set(value, id)
  }
  return id
}

/**
 * Runs a sweep, or returns the one already running or done for the same
 * pipeline, perturbations (by identity) and options in this worker.
 */
export function sharedSweep(pipeline: AnyPipeline, perturbations: readonly Perturbation[], options: Omit<SweepOptions, 'perturbations'>): Promise<SweepResult> {
  const { onProgress, onEvent, onLog, onWarning, signal, llm, cache, ...plain } = options
  const key = stableStringify({
    perturbations: perturbations.map(identity),
    ...plain,
    cache: cache === undefined ? undefined : cache === false ? false : identity(cache),
    llm: llm ? identity(llm) : undefined,
  })
  // Hooks and signals belong to one caller; such a sweep is not shared.
  const shareable = !onProgress && !onEvent && !onLog && !onWarning && !signal
  let byKey = sweeps.get(pipeline)
  if (!byKey) sweeps.set(pipeline, (byKey = new Map()))
  const existing = shareable ? byKey.get(key) : undefined
  if (existing) return existing
  // A sweep nobody watches shows its progress when it runs long (watchSweeps: the plugin decides where and how often).
  const running = sweep(pipeline, { ...options, perturbations: [...perturbations] })
  if (shareable) {
    byKey.set(key, running)
    // A failed sweep is not cached: the next assertion reports its own error.
    running.catch(() => byKey.delete(key))
  }
  return running
}

const trackers = new Map<string, BaselineTracker>()

/** The baseline tracker of one spec file in this worker. */
export function trackerFor(specFile: string): BaselineTracker {
  let tracker = trackers.get(specFile)
  if (!tracker) trackers.set(specFile, (tracker = createBaselineTracker()))
  return tracker
}

/**
 * Shows the progress of every sweep in this worker that has no `onProgress`
 * of its own (the matchers', and `sweep()` / `checkStability()` called in a
 * test) as the plugin decided (`progress` option, reporters, terminal). The
 * setup file and `invariants()` call it.
 */
export function watchSweeps(): void {
  watchUnwatchedSweeps((label) => {
    const mode = workerOptions().progress
    return mode ? createProgress(label, mode) : undefined
  })
}
