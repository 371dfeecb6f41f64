import { describe, expect, it } from 'vitest'
import type { SweepProgress } from '../perturbations/sweep.ts'
import { createProgress, PROGRESS_MARK, progressMode } from './progress.ts'
import type { ProgressMessage } from './progress.ts'

const event = (done: number, status: SweepProgress['status'] = 'executed'): SweepProgress =>
  ({ variant: 0, of: 2, label: 'base', sample: 0, stage: 's', status, runs: { done, total: 10 }, modelCalls: done * 2 })

describe('progress', () => {
  it('is silent under the dot reporter unless asked, relayed every second on a terminal, a line every 10 s elsewhere', () => {
    expect(progressMode(undefined, ['dot'], true)).toBe(false)
    expect(progressMode(true, ['dot'], true)).toEqual({ afterMs: 2000, everyMs: 1000, draw: 'relay' })
    expect(progressMode(undefined, ['default'], false)).toEqual({ afterMs: 2000, everyMs: 10_000, draw: 'lines' })
    expect(progressMode(false, ['default'], true)).toBe(false)
  })

  it('in CI logs: nothing for the first 2 s, then runs, stages, model calls and an ETA at most every interval', () => {
    let t = 0
    const lines: string[] = []
    const p = createProgress('sweep of "p"', { afterMs: 2000, everyMs: 10_000, draw: 'lines' }, (l) => lines.push(l), () => t)
    p.update(event(0, 'cached'))
    t = 1500
    p.update(event(1))
    expect(lines).toEqual([])
    t = 12_000
    p.update(event(4))
    t = 15_000
    p.update(event(5, 'cached'))
    expect(lines).toEqual(['🦋 sweep of "p": 4/10 runs · stages 2 executed, 1 cached · 8 model calls · 12s · ETA 18s'])
    t = 22_001
    p.update(event(8))
    p.done()
    expect(lines).toHaveLength(2)
    expect(lines[1]).toBe('🦋 sweep of "p": 8/10 runs · stages 3 executed, 2 cached · 16 model calls · 22s · ETA 6s')
  })

  it('on a terminal: relays its state to the main process, then a last message that takes the line down', () => {
    let t = 0
    const sent: string[] = []
    const last: boolean[] = []
    const p = createProgress('sweep of "p"', { afterMs: 2000, everyMs: 1000, draw: 'relay' }, (m, l) => (sent.push(m), last.push(l === true)), () => t)
    p.update(event(0))
    t = 2500
    p.update(event(3, 'cached'))
    t = 3000
    p.update(event(4))
    expect(sent).toHaveLength(1)
    expect(sent[0]!.startsWith(PROGRESS_MARK)).toBe(true)
    const first = JSON.parse(sent[0]!.slice(PROGRESS_MARK.length)) as ProgressMessage
    expect(first.state).toEqual({ label: 'sweep of "p"', done: 3, total: 10, executed: 1, cached: 1, modelCalls: 6, elapsedMs: 2500 })
    p.done()
    p.done()
    expect(sent.map((m) => JSON.parse(m.slice(PROGRESS_MARK.length)) as ProgressMessage)).toEqual([first, { id: first.id, state: null }])
    // The last message goes at once: the test (and its worker) may end right after the sweep.
    expect(last).toEqual([false, true])
  })

  it('a sweep too short to show progress relays nothing, not even its end', () => {
    const sent: string[] = []
    const p = createProgress('s', { afterMs: 2000, everyMs: 1000, draw: 'relay' }, (m) => sent.push(m), () => 0)
    p.update(event(1))
    p.done()
    expect(sent).toEqual([])
  })
})
