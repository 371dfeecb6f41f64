import { describe, expect, it } from 'vitest'
import type { SweepProgress } from '../perturbations/sweep.ts'
import { createProgress, progressMode } from './progress.ts'

const event = (done: number, status: SweepProgress['status'] = 'executed'): SweepProgress =>
  ({ variant: 0, of: 2, label: 'base', sample: 0, stage: 's', status, runs: { done, total: 10 }, modelCalls: done * 2 })

describe('progress', () => {
  it('is silent under the dot reporter unless asked, a line every 2 s on a terminal, every 10 s elsewhere', () => {
    expect(progressMode(undefined, ['dot'], true)).toBe(false)
    expect(progressMode(true, ['dot'], true)).toEqual({ afterMs: 2000, everyMs: 2000 })
    expect(progressMode(undefined, ['default'], false)).toEqual({ afterMs: 2000, everyMs: 10_000 })
    expect(progressMode(false, ['default'], true)).toBe(false)
  })

  it('says nothing for the first 2 s, then runs, stages, model calls and an ETA at most every interval', () => {
    let t = 0
    const lines: string[] = []
    const p = createProgress('sweep of "p"', { afterMs: 2000, everyMs: 10_000 }, (l) => lines.push(l), () => t)
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
    expect(lines).toHaveLength(2)
    expect(lines[1]).toBe('🦋 sweep of "p": 8/10 runs · stages 3 executed, 2 cached · 16 model calls · 22s · ETA 6s')
  })
})
