import { describe, expect, it } from 'vitest'
import { pairedProportionInterval, pairedProportionTest, tangoScore } from './paired-proportions.ts'

// Reference: Fagerland, Lydersen & Laake, "Statistical Analysis of Contingency
// Tables" (CRC 2017), ch. 8, the Cavo et al. (2012) table [[59, 6], [16, 80]]
// (b = 6, c = 16, n = 161): Tango asymptotic score 95 % CI −0.1240 to −0.0054,
// as printed by R package contingencytables, `Tango_asymptotic_score_CI_paired_2x2(cavo_2012)`.
const cavo = { n: 161, b: 6, c: 16 }

describe("Tango's score interval for paired proportions", () => {
  it('matches the published 95 % interval', () => {
    const { lower, upper } = pairedProportionInterval(cavo, 0.025)
    expect(lower).toBeCloseTo(-0.124, 4)
    expect(upper).toBeCloseTo(-0.0054, 4)
  })

  it('reduces to McNemar\'s z = (b − c)/√(b + c) at δ0 = 0', () => {
    expect(tangoScore(cavo, 0)).toBeCloseTo((6 - 16) / Math.sqrt(22), 10)
  })

  it('is not degenerate when nothing is discordant', () => {
    const { lower, upper } = pairedProportionInterval({ n: 10, b: 0, c: 0 }, 0.025)
    expect(upper).toBeGreaterThan(0.2)
    expect(lower).toBeLessThan(-0.2)
  })

  it('gives one-sided p-values that fall as the margin grows', () => {
    const counts = { n: 50, b: 12, c: 3 }
    const p0 = pairedProportionTest(counts, 0)
    const p1 = pairedProportionTest(counts, 0.1)
    expect(p0).toBeCloseTo(1 - 0.98993, 3) // Φ(−9/√15)
    expect(p1).toBeGreaterThan(p0)
    // The upper bound at α is where the test of "Δ ≤ δ" stops rejecting.
    const { lower } = pairedProportionInterval(counts, 0.05)
    expect(pairedProportionTest(counts, lower)).toBeCloseTo(0.05, 4)
  })

  it('rejects counts that cannot be', () => {
    expect(() => pairedProportionTest({ n: 3, b: 2, c: 2 }, 0)).toThrow(/b \+ c ≤ n/)
  })
})
