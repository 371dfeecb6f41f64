import { describe, expect, it } from 'vitest'
import { normalCdf, normalQuantile } from './normal.ts'
import { createRng } from './rng.ts'
import { sequentialLooks } from './sequential.ts'

describe('sequentialLooks', () => {
  it('looks every ⌈min/2⌉ repeats (even when min is even, so blocks of 2 stay whole), at most 40 looks', () => {
    expect(sequentialLooks(16, 64, 0.05).map((l) => l.repeats)).toEqual([16, 24, 32, 40, 48, 56, 64])
    expect(sequentialLooks(10, 30, 0.05).map((l) => l.repeats)).toEqual([10, 16, 22, 28, 30])
    expect(sequentialLooks(5, 14, 0.05).map((l) => l.repeats)).toEqual([5, 8, 11, 14])
    const many = sequentialLooks(4, 1000, 0.05)
    expect(many.length).toBeLessThanOrEqual(40)
    expect(many.at(-1)!.repeats).toBe(1000)
    expect(many.every((l) => l.repeats % 2 === 0)).toBe(true)
  })

  it('tests each look at the nominal level of the power-family spending boundaries (ρ = ½)', () => {
    // Boundaries at t = ¼, ½, ¾, 1 from scipy 1.17 (multivariate_normal.cdf, brentq), as in spending.test.ts.
    const looks = sequentialLooks(8, 32, 0.05, { beta: 0.2, step: 8 })
    expect(looks.map((l) => l.alpha)).toEqual([1.96, 2.1217, 2.1353, 2.1264].map((c) => expect.closeTo(1 - normalCdf(c), 4)))
    expect(looks.map((l) => l.beta)).toEqual([1.2816, 1.3808, 1.3532, 1.3098].map((c) => expect.closeTo(1 - normalCdf(c), 4)))
    expect(sequentialLooks(8, 32, 0.05).every((l) => l.beta === undefined)).toBe(true)
  })

  it('keeps both error rates over all looks (normal data, simulated)', () => {
    // Paired values ~ N(θ, 1); "unstable" when the look's z-test rejects θ ≤ 0 at its alpha,
    // "stable" when the upper bound at its beta is below δ. 20 000 checks each: ± 0.003 / 0.006.
    const looks = sequentialLooks(10, 100, 0.05, { beta: 0.2 })
    const delta = 2.4865 / Math.sqrt(80)
    const rng = createRng(2024)
    const normal = (): number => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng())
    const run = (theta: number): { unstable: number; stable: number } => {
      let unstable = 0
      let stable = 0
      for (let s = 0; s < 20_000; s++) {
        let sum = 0
        let m = 0
        for (const look of looks) {
          while (m < look.repeats) { sum += theta + normal(); m++ }
          if ((sum / m) * Math.sqrt(m) >= normalQuantile(1 - look.alpha)) { unstable++; break }
          if (sum / m + normalQuantile(1 - look.beta!) / Math.sqrt(m) < delta) { stable++; break }
        }
      }
      return { unstable: unstable / 20_000, stable: stable / 20_000 }
    }
    expect(run(0).unstable).toBeLessThanOrEqual(0.05 + 0.003)
    expect(run(delta).stable).toBeLessThanOrEqual(0.2 + 0.006)
  })

  it('rejects a design it cannot build', () => {
    expect(() => sequentialLooks(0, 10, 0.05)).toThrow(/1 ≤ min ≤ max/)
    expect(() => sequentialLooks(10, 5, 0.05)).toThrow(/1 ≤ min ≤ max/)
    expect(() => sequentialLooks(5, 10, 0.6)).toThrow(/alpha/)
    expect(() => sequentialLooks(5, 10, 0.05, { beta: 0.7 })).toThrow(/beta/)
  })
})
