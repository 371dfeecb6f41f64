import { describe, expect, it } from 'vitest'
import { StatsError } from '../errors.ts'
import { benjaminiHochbergAdjust } from './bh.ts'
import { adjustPValues } from './multiplicity.ts'

const round = (xs: number[]): number[] => xs.map((p) => Number(p.toFixed(10)))

describe('benjaminiHochbergAdjust', () => {
  it('matches hand computations of the step-up rule (R p.adjust(p, "BH"))', () => {
    // By hand (R's definition: cummin over descending ranks of m·p(k)/k): sorted 0.005, 0.01, 0.03, 0.04
    // → 0.02, 0.02, 0.04, 0.04.
    expect(round(benjaminiHochbergAdjust([0.01, 0.04, 0.03, 0.005]))).toEqual([0.02, 0.04, 0.04, 0.02])
    // Eight p-values: 8·0.042/5 = 0.0672 is the running minimum for ranks 3–5; 8·0.074/7 = 0.0846.
    expect(round(benjaminiHochbergAdjust([0.001, 0.008, 0.039, 0.041, 0.042, 0.06, 0.074, 0.205])).map((p) => Number(p.toFixed(4))))
      .toEqual([0.008, 0.032, 0.0672, 0.0672, 0.0672, 0.08, 0.0846, 0.205])
  })

  it('is never below the raw p-value, never above Holm, and keeps ties', () => {
    const p = [0.02, 0.02, 0.5, 0.001, 0.3]
    const bh = benjaminiHochbergAdjust(p)
    const holm = adjustPValues(p, 'holm')
    bh.forEach((q, i) => {
      expect(q).toBeGreaterThanOrEqual(p[i]!)
      expect(q).toBeLessThanOrEqual(holm[i]! + 1e-12)
    })
    expect(bh[0]).toBe(bh[1])
  })

  it('handles one and none, and rejects values outside [0, 1]', () => {
    expect(benjaminiHochbergAdjust([0.3])).toEqual([0.3])
    expect(benjaminiHochbergAdjust([])).toEqual([])
    expect(() => benjaminiHochbergAdjust([0.1, -0.1])).toThrow(StatsError)
    expect(() => benjaminiHochbergAdjust([Number.NaN])).toThrow(/index 0/)
  })
})

describe('adjustPValues', () => {
  it("dispatches on the method; 'none' returns a copy of the raw p-values", () => {
    const p = [0.01, 0.04, 0.03, 0.005]
    expect(round(adjustPValues(p, 'holm'))).toEqual([0.03, 0.06, 0.06, 0.02])
    expect(round(adjustPValues(p, 'bh'))).toEqual([0.02, 0.04, 0.04, 0.02])
    const none = adjustPValues(p, 'none')
    expect(none).toEqual(p)
    expect(none).not.toBe(p)
  })
})
