import { describe, expect, it } from 'vitest'
import { binomialCdf, binomialUpperBound, minPairsForBound } from './binomial-bound.ts'

describe('binomialUpperBound (Clopper–Pearson)', () => {
  it('matches textbook exact 95% upper limits', () => {
    expect(binomialUpperBound(0, 5, 0.95)).toBeCloseTo(0.5218, 4)
    expect(binomialUpperBound(0, 10, 0.95)).toBeCloseTo(0.3085, 4)
    expect(binomialUpperBound(1, 10, 0.95)).toBeCloseTo(0.4450, 4)
    expect(binomialUpperBound(5, 20, 0.95)).toBeCloseTo(0.4910, 4)
  })

  it('is 1 when every pair changed, and shrinks as pairs are added', () => {
    expect(binomialUpperBound(4, 4, 0.95)).toBe(1)
    expect(binomialUpperBound(0, 30, 0.95)).toBeLessThan(binomialUpperBound(0, 10, 0.95))
  })

  it('leaves exactly the tail probability at the bound', () => {
    const p = binomialUpperBound(3, 25, 0.9)
    expect(binomialCdf(3, 25, p)).toBeCloseTo(0.05, 8)
  })
})

describe('minPairsForBound', () => {
  it('is the fewest all-zero pairs whose bound reaches the tolerance', () => {
    const n = minPairsForBound(0.1, 0.95)
    expect(n).toBe(36)
    expect(binomialUpperBound(0, n, 0.95)).toBeLessThanOrEqual(0.1)
    expect(binomialUpperBound(0, n - 1, 0.95)).toBeGreaterThan(0.1)
  })

  it('is infinite for tolerance 0 and 1 for tolerance 1', () => {
    expect(minPairsForBound(0, 0.95)).toBe(Number.POSITIVE_INFINITY)
    expect(minPairsForBound(1, 0.95)).toBe(1)
  })
})
