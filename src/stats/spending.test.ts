import { describe, expect, it } from 'vitest'
import { normalCdf, normalQuantile } from './normal.ts'
import { spendingBoundaries, stagewisePValue } from './spending.ts'

// Lan–DeMets O'Brien–Fleming spending, one-sided level a: α(t) = 2 − 2Φ(z_{1−a/2}/√t).
const obf = (t: number, a: number): number => 2 - 2 * normalCdf(normalQuantile(1 - a / 2) / Math.sqrt(t))
const equal = (K: number): number[] => Array.from({ length: K }, (_, i) => (i + 1) / K)

describe('spendingBoundaries', () => {
  it("gives the published Lan–DeMets O'Brien–Fleming boundaries", () => {
    // gsDesign (Anderson, R package; gsDesign(k = 3 / 5, test.type = 1, alpha = 0.025, sfu = sfLDOF)) upper bounds,
    // also found by scipy.stats.multivariate_normal (the joint normal of Z_k with corr √(t_i/t_j), boundaries by brentq).
    expect(spendingBoundaries(equal(3), equal(3).map((t) => obf(t, 0.025)))).toEqual([3.7103, 2.5114, 1.9930].map((x) => expect.closeTo(x, 3)))
    expect(spendingBoundaries(equal(5), equal(5).map((t) => obf(t, 0.025)))).toEqual([4.8769, 3.3570, 2.6803, 2.2898, 2.0310].map((x) => expect.closeTo(x, 3)))
  })

  it('agrees with an independent multivariate-normal computation for the spending the sequential design uses', () => {
    // scipy 1.17 multivariate_normal.cdf (abseps 1e-10) with brentq: P(Z_1 < c_1, …, Z_k ≥ c_k) = spent increment.
    expect(spendingBoundaries([0.5, 1], [0.0125, 0.025])).toEqual([2.2414, 2.1251].map((x) => expect.closeTo(x, 3)))
    expect(spendingBoundaries(equal(3), equal(3).map((t) => 0.025 * t))).toEqual([2.3940, 2.2938, 2.1999].map((x) => expect.closeTo(x, 3)))
    const t = [0.25, 0.5, 0.75, 1]
    expect(spendingBoundaries(t, t.map((x) => 0.05 * Math.sqrt(x)))).toEqual([1.96, 2.1217, 2.1353, 2.1264].map((x) => expect.closeTo(x, 3)))
    expect(spendingBoundaries(t, t.map((x) => 0.2 * Math.sqrt(x)))).toEqual([1.2816, 1.3808, 1.3532, 1.3098].map((x) => expect.closeTo(x, 3)))
  })

  it('spends exactly the error given: a simulated Brownian motion crosses with that probability', () => {
    const t = equal(20)
    const c = spendingBoundaries(t, t.map((x) => 0.05 * Math.sqrt(x)))
    // A seeded LCG and Box–Muller: 40 000 paths, P(cross) = 0.05 ± 0.0022 (2 standard errors).
    let state = 12345
    const uniform = (): number => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) + 0.5) / 2 ** 32
    const paths = 40_000
    let crossed = 0
    for (let p = 0; p < paths; p++) {
      let s = 0
      for (let k = 0; k < t.length; k++) {
        s += Math.sqrt(t[k]! - (k > 0 ? t[k - 1]! : 0)) * Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform())
        if (s / Math.sqrt(t[k]!) >= c[k]!) {
          crossed++
          break
        }
      }
    }
    expect(Math.abs(crossed / paths - 0.05)).toBeLessThan(0.0025)
  })

  it('gives the stage-wise ordering p-value: the error spent up to a boundary, and the joint normal tail beyond', () => {
    const t = [0.5, 1]
    const c = [2.2414, 2.1251]
    expect(stagewisePValue(t, c, 0, c[0]!)).toBeCloseTo(0.0125, 4)
    expect(stagewisePValue(t, c, 1, c[1]!)).toBeCloseTo(0.025, 4)
    // scipy 1.17: 0.0125 + P(Z₁ < 2.2414, Z₂ ≥ 1.5) with corr √½ = 0.0125 + 0.0584273 (multivariate_normal.cdf).
    expect(stagewisePValue(t, c, 1, 1.5)).toBeCloseTo(0.0125 + 0.0584273, 4)
    expect(stagewisePValue(t, c, 1, Number.NEGATIVE_INFINITY)).toBeCloseTo(1, 6)
    expect(stagewisePValue(t, c, 0, Number.POSITIVE_INFINITY)).toBe(0)
  })

  it('gives +∞ to a look that spends nothing and rejects bad input', () => {
    expect(spendingBoundaries([0.2, 0.5, 1], [0, 0.01, 0.025])[0]).toBe(Number.POSITIVE_INFINITY)
    expect(spendingBoundaries([0.2, 0.5, 1], [0, 0.01, 0.025])[1]).toBeCloseTo(normalQuantile(0.99), 4)
    expect(() => spendingBoundaries([0.5, 0.4], [0.01, 0.02])).toThrow(/increase/)
    expect(() => spendingBoundaries([0.5, 1], [0.02, 0.01])).toThrow(/non-decreasing/)
    expect(() => spendingBoundaries([1], [])).toThrow(/one spent error/)
  })
})
