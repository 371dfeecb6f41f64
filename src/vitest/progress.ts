import type { SweepProgress } from '../perturbations/sweep.ts'

/**
 * How a long sweep shows progress, once it has run `afterMs`: `lines`, a
 * line on stderr every `everyMs` (CI logs, any non-terminal); `relay`, its
 * state every `everyMs` to the main process, which redraws one line on the
 * terminal (see `progress-board.ts`); `false`: silent.
 */
export type ProgressMode = { afterMs: number; everyMs: number; draw: 'lines' | 'relay' } | false

/**
 * The progress mode for a run: silent when asked (`false`) or, unless asked
 * (`true`), when the only reporters are `dot` (or machine formats); on an
 * interactive terminal relayed to the main process every second once a
 * sweep has run 2 s, in CI logs (and any non-terminal) a line every 10 s.
 */
export function progressMode(option: boolean | undefined, reporters: readonly string[], interactive: boolean): ProgressMode {
  const quiet = ['dot', 'blob', 'json', 'junit', 'tap', 'tap-flat', 'hanging-process']
  if (option === false) return false
  if (option === undefined && reporters.length > 0 && reporters.every((r) => quiet.includes(r))) return false
  return interactive ? { afterMs: 2_000, everyMs: 1_000, draw: 'relay' } : { afterMs: 2_000, everyMs: 10_000, draw: 'lines' }
}

/** Where a sweep is: what a progress line says. */
export interface ProgressState {
  label: string
  done: number
  total: number
  executed: number
  cached: number
  modelCalls: number
  elapsedMs: number
}

const seconds = (ms: number): string => (ms >= 60_000 ? `${Math.floor(ms / 60_000)}m${String(Math.round((ms % 60_000) / 1000)).padStart(2, '0')}s` : `${Math.round(ms / 1000)}s`)

/**
 * `🦋 sweep of "rag": 24/60 runs · stages 40 executed, 32 cached · 40 model calls · 12s · ETA 18s`;
 * with `bar`, a bar of that many cells after the label.
 */
export function progressText(s: ProgressState, bar = 0): string {
  const eta = s.done > 0 ? ` · ETA ${seconds((s.elapsedMs / s.done) * (s.total - s.done))}` : ''
  const filled = s.total > 0 ? Math.round((s.done / s.total) * bar) : 0
  const cells = bar > 0 ? ` ${'█'.repeat(filled)}${'░'.repeat(bar - filled)}` : ''
  return `🦋 ${s.label}:${cells} ${s.done}/${s.total} runs · stages ${s.executed} executed, ${s.cached} cached · ${s.modelCalls} model call${s.modelCalls === 1 ? '' : 's'} · ${seconds(s.elapsedMs)}${eta}`
}

/** Marks a relayed progress message among a worker's console output; the plugin keeps such messages out of every reporter's output. */
export const PROGRESS_MARK = '\u0000butterfly-progress\u0000'

/** A relayed message: the sweep's id and its state, or `null` when it ended. */
export interface ProgressMessage { id: string; state: ProgressState | null }

let sweeps = 0

// Vitest sends a test's console calls of one tick as one message: a state,
// written in a task of its own, is never joined to the test's own output. The
// last message goes at once (the test may end, and its worker with it, right
// after the sweep), and drops a state still waiting.
function defaultWrite(mode: ProgressMode): (text: string, last?: boolean) => void {
  if (!mode || mode.draw === 'lines') return (text) => process.stderr.write(`${text}\n`)
  let waiting: ReturnType<typeof setTimeout> | undefined
  return (text, last) => {
    clearTimeout(waiting)
    if (last) console.log(text)
    else waiting = setTimeout(() => console.log(text), 0)
  }
}

/**
 * A sweep's progress printer: feed it the sweep's `onProgress` events. Says
 * nothing for a sweep that ends within `afterMs`; then at most every
 * `everyMs`: runs done / total, stages executed / cached, model calls, ETA.
 * In `lines` mode a line on stderr, which Vitest passes through from its
 * workers; in `relay` mode the state goes to the main process through the
 * worker's console (Vitest's one channel from a running test to the main
 * process), and a last message from `done()` when the sweep has ended.
 *
 * @example
 * const progress = createProgress('sweep of "rag"', { afterMs: 2000, everyMs: 10000, draw: 'lines' })
 * await sweep(pipeline, { perturbations, onProgress: progress.update })
 */
export function createProgress(label: string, mode: ProgressMode, write: (text: string, last?: boolean) => void = defaultWrite(mode), now: () => number = Date.now) {
  const id = `${process.pid}:${++sweeps}`
  const started = now()
  let last = -Infinity
  let executed = 0
  let cached = 0
  let shown = false
  const relay = (state: ProgressState | null): void => write(`${PROGRESS_MARK}${JSON.stringify({ id, state } satisfies ProgressMessage)}`, state === null)
  return {
    /** One stage event of the sweep. */
    update(e: SweepProgress): void {
      if (e.status === 'executed') executed++
      if (e.status === 'cached') cached++
      if (!mode) return
      const t = now()
      if (t - started < mode.afterMs || t - last < mode.everyMs) return
      last = t
      const state: ProgressState = { label, done: e.runs.done, total: e.runs.total, executed, cached, modelCalls: e.modelCalls, elapsedMs: t - started }
      shown = true
      if (mode.draw === 'relay') relay(state)
      else write(progressText(state))
    },
    /** The sweep ended (or failed): a relayed line is taken down. */
    done(): void {
      if (!shown || !mode || mode.draw !== 'relay') return
      shown = false
      relay(null)
    },
  }
}
