import { describe, expect, it } from 'vitest'
import { binomialSf } from './binomial.ts'
import { pairedProportionPower } from './paired-proportion-power.ts'
import { planRepeats } from './power.ts'
import { signFlipPower } from './sign-flip-power.ts'

describe('planRepeats', () => {
  // Reference: the one-sample t-test sample size of R's
  // power.t.test(delta = 0.05, sd = 0.1, sig.level = 0.05, power = 0.8,
  // type = 'one.sample', alternative = 'one.sided') → n = 26.14, i.e. 27.
  // Above 16 values the verdict's sign-flip test is sampled and planned with the t approximation.
  it('matches power.t.test for continuous drift with shared seeds', () => {
    const plan = planRepeats({ metric: 'continuous', sd: 0.1, effect: 0.05, tolerance: 0.1, reference: 'shared-seeds' })
    expect(plan.repeats).toBe(27)
    // The exact power at n = 27 is 0.8118 (noncentral t, scipy.stats.nct 1.17, as R's power.t.test
    // computes it); the shifted central t the planner states is within a point of it.
    expect(plan.power).toBeGreaterThan(0.8)
    expect(Math.abs(plan.power! - 0.8118)).toBeLessThan(0.01)
  })

  it('plans small continuous designs with the power of the exact sign-flip test, not the t approximation', () => {
    // d = effect / sd = 1.4: the t approximation says 5 values, where the exact test (p ≤ 0.05 needs
    // all 5 values above the tolerance, power Φ(1.4)^5 = 0.66) falls short; 6 values reach 0.8.
    const plan = planRepeats({ metric: 'continuous', sd: 0.1, effect: 0.14, tolerance: 0.1, reference: 'shared-seeds' })
    expect(plan.pairs).toBe(6)
    expect(plan.method).toMatch(/sign-flip/)
  })

  it('at tolerance 0 with shared seeds plans for "any drift decides"', () => {
    // Normal model: P(value > 0) = Φ(0.5) = 0.6915; 1 − 0.3085^n ≥ 0.8 first at n = 2.
    expect(planRepeats({ metric: 'continuous', sd: 0.1, effect: 0.05, reference: 'shared-seeds' }).repeats).toBe(2)
  })

  it('doubles the samples for independent streams (blocks of two)', () => {
    const plan = planRepeats({ metric: 'continuous', sd: 0.1, effect: 0.05, tolerance: 0.1 })
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
    const noisy = planRepeats({ metric: 'binary', noise: 0.34, effect: 0.2 })
    expect(noisy.repeats).toBeGreaterThan(quiet)
    // Exact McNemar power with block discordance p01 = 0.17, p10 = 0.37, by enumeration in scipy
    // (scipy.stats.binom, 1.17): 0.7988 at 89 blocks, 0.8032 at 90 → 90 blocks, 180 repeats.
    expect(noisy.pairs).toBe(90)
    expect(noisy.repeats).toBe(180)
    expect(noisy.method).toMatch(/exact power of the exact one-sided McNemar test/)
    expect(noisy.power).toBeCloseTo(0.8032, 4)
  })

  it('plans a tolerance with the exact power of Tango\'s score test', () => {
    const plan = planRepeats({ metric: 'binary', noise: 0.42, effect: 0.1, tolerance: 0.05 })
    expect(plan.method).toMatch(/Tango/)
    expect(pairedProportionPower(plan.pairs, { p10: 0.36, p01: 0.21 }, 0.05, 0.05)).toBeGreaterThanOrEqual(0.8)
    expect(pairedProportionPower(plan.pairs - 1, { p10: 0.36, p01: 0.21 }, 0.05, 0.05)).toBeLessThan(0.8)
  })

  it('says no number of repeats can detect an excess the noise leaves no room for', () => {
    // Every pair of base samples differs: the drift to a variant cannot be any larger.
    const plan = planRepeats({ metric: 'binary', noise: 1, effect: 0.1 })
    expect(plan.repeats).toBe(Number.POSITIVE_INFINITY)
    expect(plan.method).toMatch(/cannot exceed/)
  })

  it('never plans fewer continuous values than the sign-flip test needs to reach α (2^−m ≤ α)', () => {
    // A large effect against a small sd: the t approximation alone says 2 to 4 values, where the
    // exact sign-flip test's smallest p-value (1/4 … 1/16) can never be ≤ 0.05.
    expect(planRepeats({ metric: 'continuous', sd: 0.01, effect: 0.5, tolerance: 0.1, reference: 'shared-seeds' }).pairs).toBe(5)
    expect(planRepeats({ metric: 'continuous', sd: 0.01, effect: 0.5, tolerance: 0.1, reference: 'shared-seeds', alpha: 0.01 }).pairs).toBe(7)
  })

  it('rejects a missing sd for continuous drift', () => {
    expect(() => planRepeats({ metric: 'continuous', effect: 0.1 })).toThrow(/"sd"/)
  })
})

describe('pairedProportionPower', () => {
  // Reference: exact power by enumeration in scipy 1.17 (scipy.stats.binom for McNemar's
  // conditional test; scipy.stats.multinomial with Tango's score written out for the margin).
  it('matches the exact McNemar power by enumeration', () => {
    expect(pairedProportionPower(52, { p10: 0.45, p01: 0.21 }, 0, 0.05)).toBeCloseTo(0.646468, 5)
    expect(pairedProportionPower(76, { p10: 0.45, p01: 0.21 }, 0, 0.05)).toBeCloseTo(0.802540, 5)
  })

  it("matches the exact power of Tango's score test with a margin", () => {
    expect(pairedProportionPower(60, { p10: 0.36, p01: 0.21 }, 0.05, 0.05)).toBeCloseTo(0.273423, 5)
    expect(pairedProportionPower(150, { p10: 0.36, p01: 0.21 }, 0.05, 0.05)).toBeCloseTo(0.498212, 5)
  })
})

describe('signFlipPower', () => {
  // Reference: n = 5 at α = 0.05 rejects only when all five values are above the shift, so the
  // power is Φ(d)^5 (Φ(2)^5 = 0.89131, scipy.stats.norm); n = 6, 8 by a numpy simulation of
  // 400,000 samples with all 2^n patterns enumerated (standard error 0.0005).
  it('matches the exact power of the enumerated test within its simulation error', () => {
    expect(Math.abs(signFlipPower(5, 2, 0.05) - 0.891309)).toBeLessThan(0.015)
    expect(Math.abs(signFlipPower(6, 1.5, 0.05) - 0.911993)).toBeLessThan(0.015)
    expect(Math.abs(signFlipPower(8, 1, 0.05) - 0.800533)).toBeLessThan(0.015)
    expect(signFlipPower(4, 10, 0.05)).toBe(0)
  })

  it('is deterministic', () => {
    expect(signFlipPower(7, 1.2, 0.05)).toBe(signFlipPower(7, 1.2, 0.05))
  })
})

