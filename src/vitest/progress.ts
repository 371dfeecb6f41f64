import type { SweepProgress } from '../perturbations/sweep.ts'

/** How a long sweep shows progress: a line every `everyMs` once it has run `afterMs`; `false`: silent. */
export type ProgressMode = { afterMs: number; everyMs: number } | false

/**
 * The progress mode for a run: silent when asked (`false`) or, unless asked
 * (`true`), when the only reporters are `dot` (or machine formats); on an
 * interactive terminal a line every 2 s once a sweep has run 2 s, in CI logs
 * (and any non-terminal) a line every 10 s.
 */
export function progressMode(option: boolean | undefined, reporters: readonly string[], interactive: boolean): ProgressMode {
  const quiet = ['dot', 'blob', 'json', 'junit', 'tap', 'tap-flat', 'hanging-process']
  if (option === false) return false
  if (option === undefined && reporters.length > 0 && reporters.every((r) => quiet.includes(r))) return false
  return interactive ? { afterMs: 2_000, everyMs: 2_000 } : { afterMs: 2_000, everyMs: 10_000 }
}

const seconds = (ms: number): string => (ms >= 60_000 ? `${Math.floor(ms / 60_000)}m${String(Math.round((ms % 60_000) / 1000)).padStart(2, '0')}s` : `${Math.round(ms / 1000)}s`)

/**
 * A sweep's progress printer: feed it the sweep's `onProgress` events. Says
 * nothing for a sweep that ends within `afterMs`; then one line at most every
 * `everyMs`: runs done / total, stages executed / cached, model calls, ETA.
 * Written to stderr, which Vitest passes through from its workers.
 *
 * @example
 * const progress = createProgress('sweep of "rag"', { afterMs: 2000, everyMs: 10000 })
 * await sweep(pipeline, { perturbations, onProgress: progress.update })
 */
export function createProgress(label: string, mode: ProgressMode, write: (line: string) => void = (l) => process.stderr.write(`${l}\n`), now: () => number = Date.now) {
  const started = now()
  let last = -Infinity
  let executed = 0
  let cached = 0
  return {
    /** One stage event of the sweep. */
    update(e: SweepProgress): void {
      if (e.status === 'executed') executed++
      if (e.status === 'cached') cached++
      if (!mode) return
      const t = now()
      if (t - started < mode.afterMs || t - last < mode.everyMs) return
      last = t
      const elapsed = t - started
      const eta = e.runs.done > 0 ? ` · ETA ${seconds((elapsed / e.runs.done) * (e.runs.total - e.runs.done))}` : ''
      write(`🦋 ${label}: ${e.runs.done}/${e.runs.total} runs · stages ${executed} executed, ${cached} cached · ${e.modelCalls} model call${e.modelCalls === 1 ? '' : 's'} · ${seconds(elapsed)}${eta}`)
    },
  }
}
