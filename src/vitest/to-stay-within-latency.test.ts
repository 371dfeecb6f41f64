import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { compareLatency } from '../latency/compare-latency.ts'
import type { LatencyBaselineResult } from '../latency/latency-baseline.ts'
import { definePipeline } from '../core/pipeline.ts'
import { defineStage } from '../core/stage.ts'
import './matcher-types.ts'
import { latencyMessage, toStayWithinLatency } from './to-stay-within-latency.ts'

expect.extend({ toStayWithinLatency })

const spread = (centre: number): number[] => Array.from({ length: 30 }, (_, i) => centre * (0.97 + (i % 7) * 0.01))

function compared(current: number[], baseline: number[], machine: { current: string; baseline: string }): LatencyBaselineResult {
  const comparison = compareLatency({ samples: current }, { samples: baseline }, { maxSlowdown: 0.2 })
  return { status: comparison.status, pass: comparison.pass, file: 'a.spec.ts/x.latency', comparison, machine, written: false }
}

describe('latencyMessage', () => {
  it('gives the ratio, its CI, the limit, both medians and the machine for a regression', () => {
    const r = compared(spread(20), spread(10), { current: 'M x2, Node v20', baseline: 'M x2, Node v20' })
    expect(r.status).toBe('regressed')
    const { message, note } = latencyMessage('extract', r)
    expect(message).toMatch(/stage "extract" \(a\.spec\.ts\/x\.latency\): median latency 20\.\d+ ms vs baseline 10\.\d+ ms/)
    expect(message).toMatch(/ratio 2\.000 \(95% CI \d\.\d{3} to \d\.\d{3}\), limit 1\.200: regressed/)
    expect(message).toContain('machine: M x2, Node v20')
    expect(message).not.toContain('WARNING')
    expect(note).toBeUndefined()
  })

  it('warns when the baseline was measured on another machine', () => {
    const { message } = latencyMessage('extract', compared(spread(10), spread(10), { current: 'A x2, Node v20', baseline: 'B x8, Node v22' }))
    expect(message).toMatch(/WARNING: measured on a different machine.*now: A x2, Node v20; baseline: B x8, Node v22/)
  })

  it('notes an interval that straddles the limit', () => {
    const wide = (c: number): number[] => Array.from({ length: 8 }, (_, i) => c * (0.3 + i * 0.2))
    const r = compared(wide(12), wide(10), { current: 'M', baseline: 'M' })
    expect(r.status).toBe('inconclusive')
    const { note } = latencyMessage('extract', r)
    expect(note).toMatch(/straddles the limit/)
  })
})

describe('toStayWithinLatency misuse', () => {
  const pipeline = definePipeline({
    name: 'p',
    params: z.object({}),
    stages: [defineStage({ name: 'a', output: z.number(), run: () => 1 })],
  })

  it('rejects what is not a pipeline', async () => {
    await expect(expect({}).toStayWithinLatency('a')).rejects.toThrow(/toStayWithinLatency\] expects a pipeline/)
  })

  it('names a misspelt stage before measuring or writing anything', async () => {
    await expect(expect(pipeline).toStayWithinLatency('b' as never, { maxSlowdown: 0.2 })).rejects.toThrow(/has no stage "b"/)
  })
})
