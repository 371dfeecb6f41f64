import { describe, expect, it } from 'vitest'
import { createRng } from './rng.ts'
import { patternsAtLeast, signFlipTest } from './sign-flip.ts'

// Reference: the exact sign-flip (Fisher–Pitman one-sample permutation) test
// counts patterns by hand: for n values all on one side of the shift, only the
// identity pattern reaches the observed sum, so p = 2^-n (Good 2005, §3.2).
describe('signFlipTest', () => {
  it('gives 2^-n when every value is above the shift', () => {
    expect(signFlipTest([0.3, 0.5, 0.2, 0.4, 0.6]).pValue).toBeCloseTo(1 / 32, 12)
    expect(signFlipTest([1, 1, 1], { shift: 0.5 }).pValue).toBeCloseTo(1 / 8, 12)
  })

  it('counts ties with the observed sum as extreme', () => {
    // Values 1, −1: sums over the 4 patterns are 0, 2, −2, 0; observed 0 → 3 of 4.
    expect(signFlipTest([1, -1]).pValue).toBe(0.75)
    // All zero: every pattern ties, p = 1.
    expect(signFlipTest([0, 0, 0, 0]).pValue).toBe(1)
  })

  it('matches a hand count for mixed signs', () => {
    // |z| = 3, 1, 2; observed 3 − 1 + 2 = 4; sums ≥ 4: (+3+1+2)=6, (+3−1+2)=4 → 2 of 8.
    expect(signFlipTest([3, -1, 2]).pValue).toBe(0.25)
  })

  it('samples above exactUpTo with a valid (never 0) p-value, deterministic per seed', () => {
    const values = Array.from({ length: 30 }, (_, i) => (i % 3 === 0 ? -0.1 : 0.2))
    const a = signFlipTest(values, { seed: 1, resamples: 2000 })
    expect(a.exact).toBe(false)
    expect(a.pValue).toBeGreaterThan(0)
    expect(a.pValue).toBeLessThan(0.01)
    expect(signFlipTest(values, { seed: 1, resamples: 2000 })).toEqual(a)
  })

  it('counts patterns by meeting in the middle as a plain loop over all 2^n does', () => {
    const rng = createRng(3)
    for (const n of [1, 2, 5, 9, 12]) {
      const abs = Array.from({ length: n }, () => rng())
      const threshold = rng() * 2 - 1
      let brute = 0
      for (let mask = 0; mask < 2 ** n; mask++) {
        let sum = 0
        for (let i = 0; i < n; i++) sum += mask & (1 << i) ? -abs[i]! : abs[i]!
        if (sum >= threshold) brute += 1
      }
      expect(patternsAtLeast(abs, threshold)).toBe(brute)
    }
  })
})
