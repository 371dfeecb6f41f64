import { describe, expect, it } from 'vitest'
import { StatsError } from '../errors.ts'
import { mcnemarTest } from './mcnemar.ts'

describe('mcnemarTest', () => {
  it('matches Fagerland, Lydersen & Laake (2013): b = 1, c = 7 → exact p 0.070, mid-p 0.039', () => {
    // Binomial(8, ½): P(X ≤ 1) = 9/256, P(X = 1) = 8/256.
    const r = mcnemarTest({ b: 1, c: 7 })
    expect(r.p).toBeCloseTo(18 / 256, 12)
    expect(r.midP).toBeCloseTo(10 / 256, 12)
    expect(r.p.toFixed(3)).toBe('0.070')
    expect(r.midP.toFixed(3)).toBe('0.039')
  })

  it('is symmetric in b and c and gives p = 1 for balanced or no discordant pairs', () => {
    expect(mcnemarTest({ b: 7, c: 1 }).p).toBeCloseTo(mcnemarTest({ b: 1, c: 7 }).p, 15)
    expect(mcnemarTest({ b: 0, c: 0 })).toEqual({ b: 0, c: 0, p: 1, midP: 1 })
    expect(mcnemarTest({ b: 5, c: 5 }).p).toBe(1)
  })

  it('counts discordant pairs from per-item correctness', () => {
    const a = [true, true, false, false, true, true, false]
    const b = [true, false, false, true, false, false, false]
    const r = mcnemarTest(a, b)
    expect([r.b, r.c]).toEqual([3, 1])
    // Binomial(4, ½): P(X ≤ 1) = 5/16 → p = 10/16.
    expect(r.p).toBeCloseTo(10 / 16, 12)
  })

  it('stays finite and accurate for large n (Agresti presidential approval table: b = 150, c = 86)', () => {
    const r = mcnemarTest({ b: 150, c: 86 })
    // The chi-square approximation gives 17.36 (p ≈ 3.1e-5); the exact p is of the same order.
    expect(r.p).toBeGreaterThan(1e-5)
    expect(r.p).toBeLessThan(1e-4)
    expect(r.midP).toBeLessThan(r.p)
    const huge = mcnemarTest({ b: 5000, c: 5100 })
    expect(huge.p).toBeGreaterThan(0.3)
    expect(huge.p).toBeLessThan(1)
  })

  it('rejects bad counts and unpaired arrays', () => {
    expect(() => mcnemarTest({ b: -1, c: 2 })).toThrow(StatsError)
    expect(() => mcnemarTest([true], [true, false])).toThrow(/same length, got 1 and 2/)
    expect(() => mcnemarTest([true])).toThrow(/second boolean array/)
  })
})
