import { describe, expect, it } from 'vitest'
import { MetricError } from '../errors.ts'
import { numeric } from './numeric.ts'

describe('metrics.numeric', () => {
  it('measures the absolute difference by default', () => {
    const m = numeric()
    expect(m.compute(0.72, 0.69)).toBeCloseTo(0.03, 12)
    expect(m.compute(-2, 3)).toBe(5)
    expect(m.compute(4, 4)).toBe(0)
    expect(m.details!(1, 2)).toEqual({ changed: ['$'], note: '1 -> 2' })
  })

  it('measures the symmetric relative difference, 0 when both are 0', () => {
    const m = numeric({ relative: true })
    expect(m.compute(80, 100)).toBeCloseTo(0.2, 12)
    expect(m.compute(100, 80)).toBeCloseTo(0.2, 12)
    expect(m.compute(0, 0)).toBe(0)
    expect(m.compute(0, 5)).toBe(1)
    expect(m.name).not.toBe(numeric().name)
  })

  it('throws a clear MetricError on non-numbers instead of returning NaN', () => {
    const m = numeric()
    expect(() => m.compute('1' as never, 1)).toThrow(MetricError)
    expect(() => m.compute(1, Number.NaN)).toThrow(/variant value is NaN, not a finite number/)
    expect(() => m.compute(null as never, 1)).toThrow(/base value is null/)
  })
})
