import { describe, expect, it } from 'vitest'
import { compareLatency } from '../latency/compare-latency.ts'
import { latencyRecord } from './latency-record.ts'

const latency = { mean: 11, p50: 10, p75: 12, p99: 15, sd: 1, min: 9, max: 15, rme: 1 }
const spread = (centre: number): number[] => Array.from({ length: 30 }, (_, i) => centre * (0.97 + (i % 7) * 0.01))

describe('latencyRecord', () => {
  it('carries the comparison: ratio, CI, limit, both statistics and machines', () => {
    const comparison = compareLatency({ samples: spread(20) }, { samples: spread(10) }, { maxSlowdown: 0.5 })
    const record = latencyRecord(
      { status: 'regressed', pass: false, file: 'a.spec.ts/x.latency', comparison, machine: { current: 'A', baseline: 'B' }, written: false },
      { pipeline: 'p', stage: 's', negated: true, latency, machine: 'A' },
    )
    expect(record).toEqual({
      kind: 'latency', pipeline: 'p', stage: 's', file: 'a.spec.ts/x.latency', status: 'regressed', written: false, pass: false, negated: true,
      statistic: 'median', confidence: 0.95, limit: 1.5, ratio: comparison.ratio, ci: comparison.ci, current: comparison.current, baseline: comparison.baseline,
      machine: { current: 'A', baseline: 'B' },
    })
    expect(record.ratio).toBeCloseTo(2, 5)
  })

  it('without a comparison, uses the options the comparison would have used and the fresh statistic', () => {
    const written = latencyRecord({ status: 'written', pass: true, file: 'f.latency', written: true }, { pipeline: 'p', stage: 's', negated: false, latency, machine: 'A', statistic: 'mean', maxSlowdown: 0.1 })
    expect(written).toMatchObject({ status: 'written', written: true, statistic: 'mean', limit: 1.1, confidence: 0.95, ratio: null, ci: null, current: 11, baseline: null, machine: { current: 'A', baseline: null } })
    expect(written).not.toHaveProperty('reason')
    const corrupt = latencyRecord({ status: 'updated', pass: true, file: 'f.latency', written: true, reason: 'corrupt' }, { pipeline: 'p', stage: 's', negated: false, latency, machine: 'A' })
    expect(corrupt).toMatchObject({ status: 'updated', reason: 'corrupt', statistic: 'median', limit: 1.2, current: 10, ratio: null })
    expect(JSON.parse(JSON.stringify(corrupt))).toEqual(corrupt)
  })
})
