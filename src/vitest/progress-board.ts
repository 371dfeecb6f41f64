import type { Vitest } from 'vitest/node'
import type { ProgressMessage, ProgressState } from './progress.ts'
import { PROGRESS_MARK, progressText } from './progress.ts'

/** A terminal stream (`process.stderr`), or a stand-in with the same shape. */
export interface TerminalStream {
  write(text: string): unknown
  columns?: number
}

const CLEAR = '\r\u001B[2K'
const BAR = 20

// One row: a line that wraps cannot be redrawn with a carriage return. 🦋 takes two columns.
const fit = (text: string, columns: number): string => {
  const chars = [...text]
  return chars.length + 1 < columns ? text : `${chars.slice(0, Math.max(0, columns - 3)).join('')}…`
}

/**
 * One line redrawn in place on a terminal: `draw` replaces it, `clear` takes
 * it down, leaving the cursor where the line began.
 *
 * @example
 * const line = createProgressLine(process.stderr)
 * line.draw('🦋 sweep of "rag": 24/60 runs')
 * line.clear()
 */
export function createProgressLine(stream: TerminalStream) {
  let drawn = false
  return {
    draw(text: string): void {
      stream.write(`${CLEAR}${fit(text, stream.columns ?? 80)}`)
      drawn = true
    },
    clear(): void {
      if (!drawn) return
      stream.write(CLEAR)
      drawn = false
    },
  }
}

/** Where the board shows its line: Vitest's own summary window, or a line of its own. */
interface BoardView {
  show(text: string | undefined): void
  stop(): void
}

/** The sweeps running in the workers, one line for all of them. */
function boardText(states: readonly ProgressState[]): string | undefined {
  if (states.length === 0) return undefined
  if (states.length === 1) return progressText(states[0]!, BAR)
  const sum = (k: 'done' | 'total' | 'executed' | 'cached' | 'modelCalls'): number => states.reduce((n, s) => n + s[k], 0)
  return progressText({
    label: `${states.length} sweeps`, done: sum('done'), total: sum('total'), executed: sum('executed'), cached: sum('cached'),
    modelCalls: sum('modelCalls'), elapsedMs: Math.max(...states.map((s) => s.elapsedMs)),
  }, BAR)
}

interface SummaryWindow { options: { getWindow: () => string[] }; schedule(): void }

// Vitest's default (and verbose, tree, dot) reporter redraws a summary window at
// the bottom of an interactive terminal and prints every other write above
// it. A line drawn beside it would be torn by its redraws, so the board's line
// joins the window instead: Vitest redraws it and clears it at the end.
function summaryWindow(vitest: Vitest): SummaryWindow | undefined {
  // The resolved reporter instances: on the instance, not in Vitest's public types.
  const reporters = (vitest as unknown as { reporters?: { summary?: { renderer?: Partial<SummaryWindow> }; renderer?: Partial<SummaryWindow> }[] }).reporters ?? []
  // The default reporter's window is on its summary; the dot reporter (with `progress: true`) has its own.
  for (const renderer of reporters.flatMap((r) => [r.summary?.renderer, r.renderer])) {
    if (renderer && typeof renderer.options?.getWindow === 'function' && typeof renderer.schedule === 'function') return renderer as SummaryWindow
  }
  return undefined
}

function windowView(window: SummaryWindow, columns: () => number): BoardView {
  const original = window.options.getWindow
  let text: string | undefined
  window.options.getWindow = () => {
    const rows = original()
    // An empty window is not drawn; the line shows with the running tests.
    return text && rows.length > 0 ? [...rows, fit(text, columns())] : rows
  }
  return {
    show(next) {
      text = next
      window.schedule()
    },
    stop() {
      window.options.getWindow = original
    },
  }
}

type Write = (chunk: unknown, ...rest: unknown[]) => boolean

/**
 * A line of its own on `stream`, taken down around every other write to
 * stdout and stderr and drawn again after it, so it never interleaves with
 * the reporters' output.
 */
export function lineView(stream: TerminalStream, outputs: { write: Write }[]): BoardView {
  // The line itself writes past the interception.
  const raw = stream.write.bind(stream)
  const line = createProgressLine({ write: raw, get columns() { return stream.columns } })
  let text: string | undefined
  const restores = outputs.map((output) => {
    const original = output.write
    output.write = ((chunk: unknown, ...rest: unknown[]) => {
      line.clear()
      const result = original.call(output, chunk, ...rest)
      // After a partial line the next update draws it again.
      if (text && String(chunk).endsWith('\n')) line.draw(text)
      return result
    }) as Write
    return () => (output.write = original)
  })
  return {
    show(next) {
      text = next
      if (text) line.draw(text)
      else line.clear()
    },
    stop() {
      line.clear()
      restores.forEach((restore) => restore())
    },
  }
}

/**
 * The main process's view of the sweeps in the workers on an interactive
 * terminal: one line, redrawn in place (in Vitest's summary window when its
 * reporter draws one), for every sweep running longer than 2 s; taken down
 * when a sweep, its test or the run ends.
 */
export function createProgressBoard(view: BoardView) {
  const sweeps = new Map<string, { taskId: string | undefined; state: ProgressState }>()
  const refresh = (): void => view.show(boardText([...sweeps.values()].map((s) => s.state)))
  return {
    /** A worker's console output: true when it was a progress message (and is now on the board). */
    take(content: string, taskId: string | undefined): boolean {
      if (!content.startsWith(PROGRESS_MARK)) return false
      try {
        const message = JSON.parse(content.slice(PROGRESS_MARK.length)) as ProgressMessage
        if (message.state) sweeps.set(message.id, { taskId, state: message.state })
        else sweeps.delete(message.id)
        refresh()
      } catch {
        // A cut message only costs one update.
      }
      return true
    },
    /** The test ended: its sweeps are over, whether or not they said so. */
    endTest(taskId: string): void {
      let changed = false
      for (const [id, s] of sweeps) if (s.taskId === taskId) changed = sweeps.delete(id)
      if (changed) refresh()
    },
    stop(): void {
      sweeps.clear()
      view.show(undefined)
      view.stop()
    },
  }
}

/** The board for a Vitest run: in its summary window when there is one, else a line of its own on stderr. */
export function progressBoardFor(vitest: Vitest) {
  const window = summaryWindow(vitest)
  const columns = (): number => process.stderr.columns ?? 80
  return createProgressBoard(window ? windowView(window, columns) : lineView(process.stderr, [process.stdout as unknown as { write: Write }, process.stderr as unknown as { write: Write }]))
}
