import { describe, expect, it } from 'vitest'
import type { PairedDesign } from './design.ts'
import { testVariant } from './test-variant.ts'
import { isEmptyOutput } from './vacuous.ts'

const design = (over: Partial<PairedDesign>): PairedDesign => ({ reference: 'shared-seeds', values: [], drift: [], noise: [], cross: [], binary: true, vacuous: false, notes: [], ...over })

describe('testVariant', () => {
  it('shared seeds, 0/1 drift: exact binomial p and Clopper–Pearson bounds, never [0, 0]', () => {
    const none = testVariant(design({ values: [0, 0, 0, 0, 0], drift: [0, 0, 0, 0, 0] }), 0.1, 0.05, 0)
    // 0 of 5: upper = 1 − 0.05^(1/5) = 0.4507 (one-sided 95 %); P(X ≥ 0) = 1.
    expect(none.effect).toMatchObject({ estimate: 0, lower: 0, upper: expect.closeTo(0.4507, 4), confidence: 0.9 })
    expect(none.pValue).toBe(1)
    // 3 of 10 against a tolerance of 0.05: R binom.test(3, 10, 0.05, 'greater')$p.value = 0.01150.
    const some = testVariant(design({ values: [1, 1, 1, 0, 0, 0, 0, 0, 0, 0] }), 0.05, 0.05, 0)
    expect(some.pValue).toBeCloseTo(0.0115, 4)
  })

  it('shared seeds with tolerance 0: one change is proof of an effect (p = 0)', () => {
    expect(testVariant(design({ values: [0, 0, 0.2], binary: false }), 0, 0.05, 0).pValue).toBe(0)
  })

  it('independent streams, 0/1 drift: one-sided exact McNemar at tolerance 0', () => {
    // blocks: (drift, noise) = (1,0) ×4, (0,1) ×1, (1,1) ×1 → b = 4, c = 1: P(Bin(5, ½) ≥ 4) = 6/32.
    const cross = [1, 1, 1, 1, 0, 1]
    const noise = [0, 0, 0, 0, 1, 1]
    const values = noise.map((c, j) => cross[j]! - c)
    const t = testVariant(design({ reference: 'independent-streams', values, cross, noise }), 0, 0.05, 0)
    expect(t.pValue).toBeCloseTo(6 / 32, 12)
    expect(t.effect.estimate).toBeCloseTo(3 / 6, 12)
    expect(t.effect.lower).toBeLessThan(0.5)
    expect(t.effect.upper).toBeGreaterThan(0.5)
  })

  it('continuous values that do not vary get no interval rather than a degenerate one', () => {
    const t = testVariant(design({ reference: 'independent-streams', values: [0.2, 0.2, 0.2], binary: false }), 0.1, 0.05, 0)
    expect(t.effect.upper).toBe(Number.POSITIVE_INFINITY)
    // All three above the shift: exact sign-flip p = 1/8.
    expect(t.pValue).toBe(1 / 8)
  })
})

describe('isEmptyOutput', () => {
  it('sees nothing in empty values and objects of empty values, and a value in 0 or false', () => {
    expect([null, undefined, '', [], {}, new Map(), new Set(), { facts: [], pages: {} }].every(isEmptyOutput)).toBe(true)
    expect([0, false, 'x', [0], { facts: [], count: 0 }].some(isEmptyOutput)).toBe(false)
  })
})
