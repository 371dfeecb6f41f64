import { describe, expect, it } from 'vitest'
import { StatsError } from '../errors.ts'
import { pairedDifference } from './paired.ts'

describe('pairedDifference', () => {
  it('summarises a − b per pair', () => {
    // Differences 0.2, 0.05, 0.05: mean 0.1, sample variance 0.0075, se √(0.0025) = 0.05.
    const d = pairedDifference([0.9, 0.8, 0.85], [0.7, 0.75, 0.8], { seed: 4 })
    expect(d.n).toBe(3)
    expect(d.mean).toBeCloseTo(0.1, 12)
    expect(d.standardError).toBeCloseTo(0.05, 12)
    expect(d.ci[0]).toBeGreaterThanOrEqual(0.05 - 1e-12)
    expect(d.ci[1]).toBeLessThanOrEqual(0.2 + 1e-12)
    expect(d.ci[0]).toBeLessThan(d.mean)
  })

  it('removes the shared per-item effect that an unpaired comparison would keep', () => {
    // Items differ wildly, but b is always a + 1: the paired CI is exactly [-1, -1].
    const a = [3, 50, 7, 900, 12]
    const d = pairedDifference(a, a.map((x) => x + 1))
    expect(d.ci).toEqual([-1, -1])
    expect(d.standardError).toBe(0)
  })

  it('rejects unequal lengths and empty input', () => {
    expect(() => pairedDifference([1, 2], [1])).toThrow(/same length, got 2 and 1/)
    expect(() => pairedDifference([], [])).toThrow(StatsError)
  })
})
