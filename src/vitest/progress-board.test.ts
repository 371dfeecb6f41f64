import { describe, expect, it } from 'vitest'
import { createProgressBoard, createProgressLine, lineView } from './progress-board.ts'
import { PROGRESS_MARK } from './progress.ts'
import type { ProgressState } from './progress.ts'

const CLEAR = '\r\u001B[2K'
const state = (done: number, over: Partial<ProgressState> = {}): ProgressState =>
  ({ label: 'sweep of "p"', done, total: 10, executed: done, cached: 0, modelCalls: done, elapsedMs: done * 1000, ...over })
const message = (id: string, s: ProgressState | null): string => `${PROGRESS_MARK}${JSON.stringify({ id, state: s })}`

// A pseudo-terminal: what was written, and the one line it would show now.
function terminal(columns = 120) {
  const writes: string[] = []
  const stream = {
    columns,
    write(chunk: unknown): boolean {
      writes.push(String(chunk))
      return true
    },
  }
  // The screen after the writes: lines, a carriage return with clear-line wipes the current one.
  const screen = (): string[] => {
    const lines = ['']
    for (const w of writes) {
      for (const part of w.split(/(\r\u001B\[2K|\n)/)) {
        if (part === CLEAR) lines[lines.length - 1] = ''
        else if (part === '\n') lines.push('')
        else lines[lines.length - 1] += part
      }
    }
    return lines
  }
  return { stream, writes, screen }
}

describe('progress line', () => {
  it('redraws one line in place and clears it, cut to the terminal width', () => {
    const { stream, screen } = terminal(30)
    const line = createProgressLine(stream)
    line.draw('🦋 sweep of "p": 1/10 runs')
    line.draw('🦋 sweep of "p": 2/10 runs and much more text than fits')
    // 29 columns (🦋 takes two): one short of the width, so the line never wraps.
    expect(screen()).toEqual(['🦋 sweep of "p": 2/10 runs a…'])
    line.clear()
    expect(screen()).toEqual([''])
  })
})

describe('progress board', () => {
  it('shows the sweeps the workers relay as one line with a bar; other output goes above it; nothing is left at the end', () => {
    const tty = terminal()
    const other = terminal()
    // Another stream's writes (stdout) also take the line down first: here both are the same terminal.
    const stdout = { write: (chunk: unknown): boolean => tty.stream.write(chunk) }
    const board = createProgressBoard(lineView(tty.stream, [stdout, tty.stream as never]))
    expect(board.take('hello\n', 't1')).toBe(false)
    expect(board.take(message('1:1', state(3)), 't1')).toBe(true)
    expect(tty.screen()).toEqual(['🦋 sweep of "p": ██████░░░░░░░░░░░░░░ 3/10 runs · stages 3 executed, 0 cached · 3 model calls · 3s · ETA 7s'])
    stdout.write(' ✓ specs/a.spec.ts (1 test)\n')
    expect(tty.screen()).toEqual([' ✓ specs/a.spec.ts (1 test)', '🦋 sweep of "p": ██████░░░░░░░░░░░░░░ 3/10 runs · stages 3 executed, 0 cached · 3 model calls · 3s · ETA 7s'])
    // Two sweeps: one line over both.
    board.take(message('2:1', state(1, { total: 10 })), 't2')
    expect(tty.screen().at(-1)).toBe('🦋 2 sweeps: ████░░░░░░░░░░░░░░░░ 4/20 runs · stages 4 executed, 0 cached · 4 model calls · 3s · ETA 12s')
    board.take(message('1:1', null), 't1')
    expect(tty.screen().at(-1)).toMatch(/^🦋 sweep of "p": ██░+ 1\/10 runs/)
    // A test that ends takes its sweeps with it.
    board.endTest('t2')
    expect(tty.screen()).toEqual([' ✓ specs/a.spec.ts (1 test)', ''])
    board.take(message('3:1', state(5)), 't3')
    board.stop()
    expect(tty.screen()).toEqual([' ✓ specs/a.spec.ts (1 test)', ''])
    // After stop, writes pass straight through.
    stdout.write('Test Files  1 passed\n')
    expect(tty.screen()).toEqual([' ✓ specs/a.spec.ts (1 test)', 'Test Files  1 passed', ''])
    expect(other.writes).toEqual([])
  })
})
