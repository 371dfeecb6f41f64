import { describe, expect, it } from 'vitest'
import { StatsError } from '../errors.ts'
import { mean, standardError, variance } from './summary.ts'

describe('summary statistics', () => {
  // Textbook sample: population sd 2, sample variance 32/7.
  const xs = [2, 4, 4, 4, 5, 5, 7, 9]

  it('computes mean, sample variance and standard error', () => {
    expect(mean(xs)).toBe(5)
    expect(variance(xs)).toBeCloseTo(32 / 7, 12)
    expect(standardError(xs)).toBeCloseTo(Math.sqrt(32 / 7 / 8), 12)
  })

  it('gives variance and standard error 0 for a single value', () => {
    expect(mean([3.5])).toBe(3.5)
    expect(variance([3.5])).toBe(0)
    expect(standardError([3.5])).toBe(0)
  })

  it('stays accurate for large offsets where one-pass formulas cancel', () => {
    expect(variance([1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16])).toBeCloseTo(30, 6)
  })

  it('rejects empty and non-finite input with a StatsError', () => {
    expect(() => mean([])).toThrow(StatsError)
    expect(() => variance([])).toThrow(/variance needs at least one value/)
    expect(() => standardError([])).toThrow(/standardError/)
    expect(() => mean([1, Number.NaN])).toThrow(/non-finite value at index 1/)
  })
})
