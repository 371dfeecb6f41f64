import { describe, expect, it } from 'vitest'
import { ButterflyError } from '../errors.ts'
import { createRng } from '../stats/rng.ts'
import { compareLatency } from './compare-latency.ts'

// Simulated latencies: a centre and multiplicative noise, seeded, so the verdicts are fixed.
function latencies(n: number, centre: number, spread: number, seed: number): number[] {
  const rng = createRng(seed)
  return Array.from({ length: n }, () => centre * (1 + spread * (rng() - 0.5) * 2))
}

describe('compareLatency', () => {
  it('finds the same samples within any limit, ratio exactly 1', () => {
    const xs = latencies(50, 10, 0.1, 1)
    const c = compareLatency({ samples: xs }, { samples: xs }, { maxSlowdown: 0.05 })
    expect(c.ratio).toBe(1)
    expect(c.ci[0]).toBeLessThanOrEqual(1)
    expect(c.ci[1]).toBeGreaterThanOrEqual(1)
    expect(c.status).toBe('within')
    expect(c.pass).toBe(true)
    expect(c.limit).toBe(1.05)
  })

  it('reports a 50% slowdown with small noise as regressed against a 20% bound', () => {
    const c = compareLatency({ samples: latencies(40, 15, 0.05, 2) }, { samples: latencies(40, 10, 0.05, 3) }, { maxSlowdown: 0.2 })
    expect(c.ratio).toBeGreaterThan(1.4)
    expect(c.ci[0]).toBeGreaterThan(1.2)
    expect(c.status).toBe('regressed')
    expect(c.pass).toBe(false)
    expect(c.message).toMatch(/beyond the measurement noise/)
  })

  it('accepts a 10% slowdown with small noise against a 20% bound', () => {
    const c = compareLatency({ samples: latencies(40, 11, 0.05, 4) }, { samples: latencies(40, 10, 0.05, 5) })
    expect(c.ci[1]).toBeLessThanOrEqual(1.2)
    expect(c.status).toBe('within')
  })

  it('calls a slowdown near the bound with large noise inconclusive, and it passes', () => {
    const c = compareLatency({ samples: latencies(8, 12, 0.8, 6) }, { samples: latencies(8, 10, 0.8, 7) }, { maxSlowdown: 0.2 })
    expect(c.ci[0]).toBeLessThan(1.2)
    expect(c.ci[1]).toBeGreaterThan(1.2)
    expect(c.status).toBe('inconclusive')
    expect(c.pass).toBe(true)
  })

  it('compares means when asked, and the interval contains the observed ratio', () => {
    const cur = [10, 10, 10, 40]
    const base = [10, 10, 10, 10]
    const byMean = compareLatency({ samples: cur }, { samples: base }, { statistic: 'mean' })
    const byMedian = compareLatency({ samples: cur }, { samples: base })
    expect(byMean.ratio).toBeCloseTo(1.75, 12)
    expect(byMedian.ratio).toBe(1)
    expect(byMean.ci[0]).toBeLessThanOrEqual(byMean.ratio)
    expect(byMean.ci[1]).toBeGreaterThanOrEqual(byMean.ratio)
  })

  it('handles all-equal samples on either side', () => {
    const constant = { samples: [20, 20, 20, 20, 20] }
    const noisy = { samples: latencies(30, 10, 0.05, 8) }
    const a = compareLatency(constant, noisy)
    expect(a.ci[0]).toBeLessThanOrEqual(a.ci[1])
    expect(a.status).toBe('regressed')
    const b = compareLatency(constant, constant)
    expect(b.ci).toEqual([1, 1])
    expect(b.status).toBe('within')
  })

  it('is deterministic for a seed', () => {
    const cur = { samples: latencies(30, 11, 0.3, 9) }
    const base = { samples: latencies(30, 10, 0.3, 10) }
    expect(compareLatency(cur, base, { seed: 3 })).toEqual(compareLatency(cur, base, { seed: 3 }))
  })

  it('keeps many samples tractable and still measures the ratio', () => {
    const c = compareLatency({ samples: latencies(20_000, 13, 0.1, 11) }, { samples: latencies(20_000, 10, 0.1, 12) }, { resamples: 200 })
    expect(c.ratio).toBeCloseTo(1.3, 1)
    expect(c.status).toBe('regressed')
  })

  it('throws on empty or invalid samples and bad options', () => {
    const ok = { samples: [1, 2, 3] }
    expect(() => compareLatency({ samples: [] }, ok)).toThrow(/current latency has no samples/)
    expect(() => compareLatency(ok, { samples: [1, Number.NaN] })).toThrow(/baseline latency has an invalid sample/)
    expect(() => compareLatency(ok, { samples: [0, 0, 0] })).toThrow(ButterflyError)
    expect(() => compareLatency(ok, ok, { maxSlowdown: -0.1 })).toThrow(/maxSlowdown/)
    expect(() => compareLatency(ok, ok, { statistic: 'p99' as 'mean' })).toThrow(/statistic/)
  })
})
