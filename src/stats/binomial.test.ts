import { describe, expect, it } from 'vitest'
import { binomialCdf, binomialSf, clopperPearson, minRepeatsForBound } from './binomial.ts'

// Reference values: R 4.x `binom.test(k, n)$conf.int` (two-sided 95 %, i.e.
// one-sided α = 0.025 per side) and `pbinom`, as tabulated in Newcombe (1998),
// "Two-sided confidence intervals for the single proportion", Stat Med 17:857,
// Table II (method 5, exact).
describe('clopperPearson', () => {
  it('matches the exact 95 % limits of binom.test', () => {
    const cp = (k: number, n: number) => clopperPearson(k, n, 0.025)
    expect(cp(0, 5).upper).toBeCloseTo(0.5218, 4)
    expect(cp(0, 10).upper).toBeCloseTo(0.3085, 4)
    expect(cp(1, 10).lower).toBeCloseTo(0.0025, 4)
    expect(cp(1, 10).upper).toBeCloseTo(0.4450, 4)
    expect(cp(5, 20).lower).toBeCloseTo(0.0866, 4)
    expect(cp(5, 20).upper).toBeCloseTo(0.4910, 4)
    // Newcombe (1998) Table II, 81/263: exact 0.2527 to 0.3676 (Wilson 0.2553 to 0.3662).
    expect(cp(81, 263).lower).toBeCloseTo(0.2527, 4)
    expect(cp(81, 263).upper).toBeCloseTo(0.3676, 4)
  })

  it('is never degenerate and is 1 / 0 at the edges', () => {
    expect(clopperPearson(0, 5, 0.05)).toEqual({ lower: 0, upper: expect.closeTo(1 - 0.05 ** 0.2, 10) })
    expect(clopperPearson(4, 4, 0.05).upper).toBe(1)
    expect(clopperPearson(4, 4, 0.05).lower).toBeCloseTo(0.05 ** 0.25, 10)
  })

  it('leaves exactly α in the tail at each bound', () => {
    const { lower, upper } = clopperPearson(3, 25, 0.05)
    expect(binomialCdf(3, 25, upper)).toBeCloseTo(0.05, 8)
    expect(binomialSf(3, 25, lower)).toBeCloseTo(0.05, 8)
  })

  it('rejects impossible counts', () => {
    expect(() => clopperPearson(6, 5, 0.05)).toThrow(/k = 6/)
  })
})

describe('binomialSf', () => {
  it('is the one-sided exact binomial p-value (R: binom.test(k, n, p, "greater"))', () => {
    // 1 − pbinom(2, 10, 0.1) = 0.07019
    expect(binomialSf(3, 10, 0.1)).toBeCloseTo(0.07019, 5)
    expect(binomialSf(0, 10, 0.1)).toBe(1)
    expect(binomialSf(1, 5, 0)).toBe(0)
  })
})

describe('minRepeatsForBound', () => {
  it('is the smallest n with (1 − tolerance)^n ≤ α', () => {
    expect(minRepeatsForBound(0.1, 0.05)).toBe(29)
    expect(0.9 ** 29).toBeLessThanOrEqual(0.05)
    expect(0.9 ** 28).toBeGreaterThan(0.05)
    expect(minRepeatsForBound(0, 0.05)).toBe(Number.POSITIVE_INFINITY)
  })
})
