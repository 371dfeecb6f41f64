import { describe, expect, it } from 'vitest'
import { binomialSf } from './binomial.ts'
import { planRepeats } from './power.ts'

describe('planRepeats', () => {
  // Reference: the one-sample t-test sample size of R's
  // power.t.test(delta = 0.05, sd = 0.1, sig.level = 0.05, power = 0.8,
  // type = 'one.sample', alternative = 'one.sided') → n = 26.14, i.e. 27.
  it('matches power.t.test for continuous drift with shared seeds', () => {
    expect(planRepeats({ metric: 'continuous', sd: 0.1, effect: 0.05, reference: 'shared-seeds' }).repeats).toBe(27)
  })

  it('doubles the samples for independent streams (blocks of two)', () => {
    const plan = planRepeats({ metric: 'continuous', sd: 0.1, effect: 0.05 })
    expect(plan.pairs).toBe(27)
    expect(plan.repeats).toBe(54)
  })

  it('finds the exact binomial n for binary drift with shared seeds', () => {
    // Tolerance 0: one change decides, so power = 1 − (1 − effect)^n: 0.8 needs n = 16 at effect 0.1.
    const plan = planRepeats({ metric: 'binary', effect: 0.1, reference: 'shared-seeds' })
    expect(plan.repeats).toBe(16)
    expect(1 - 0.9 ** 16).toBeGreaterThanOrEqual(0.8)
    expect(1 - 0.9 ** 15).toBeLessThan(0.8)
    // Tolerance 0.02 vs true 0.12: the plan is where exact power first reaches 0.8.
    const margin = planRepeats({ metric: 'binary', tolerance: 0.02, effect: 0.1, reference: 'shared-seeds' })
    const n = margin.repeats
    let k = 0
    while (binomialSf(k, n, 0.02) > 0.05) k += 1
    expect(binomialSf(k, n, 0.12)).toBeGreaterThanOrEqual(0.8)
  })

  it('asks for more repeats the noisier the pipeline (binary, independent streams)', () => {
    const quiet = planRepeats({ metric: 'binary', noise: 0.05, effect: 0.2 }).repeats
    const noisy = planRepeats({ metric: 'binary', noise: 0.34, effect: 0.2 }).repeats
    expect(noisy).toBeGreaterThan(quiet)
    // Normal approximation by hand: v0 = 2·0.34·0.66, v1 = 0.54·0.46 + 0.34·0.66; m = ((1.645√v0 + 0.8416√v1)/0.2)² = 70.6 → 71 blocks.
    expect(noisy).toBe(142)
  })

  it('plans for a stage whose every pair of base samples differs (noise 1) instead of throwing', () => {
    expect(planRepeats({ metric: 'binary', noise: 1, effect: 0.1 }).repeats).toBeGreaterThanOrEqual(4)
  })

  it('never plans fewer continuous values than the sign-flip test needs to reach α (2^−m ≤ α)', () => {
    // A large effect against a small sd: the t approximation alone says 2 to 4 values, where the
    // exact sign-flip test's smallest p-value (1/4 … 1/16) can never be ≤ 0.05.
    expect(planRepeats({ metric: 'continuous', sd: 0.01, effect: 0.5, reference: 'shared-seeds' }).pairs).toBe(5)
    expect(planRepeats({ metric: 'continuous', sd: 0.01, effect: 0.5, reference: 'shared-seeds', alpha: 0.01 }).pairs).toBe(7)
  })

  it('rejects a missing sd for continuous drift', () => {
    expect(() => planRepeats({ metric: 'continuous', effect: 0.1 })).toThrow(/"sd"/)
  })
})
