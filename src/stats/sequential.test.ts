import { describe, expect, it } from 'vitest'
import { normalCdf, normalQuantile } from './normal.ts'
import { createRng } from './rng.ts'
import { sequentialLooks } from './sequential.ts'

describe('sequentialLooks', () => {
  it('looks every ⌈min/4⌉ repeats (even when min is even, so blocks of 2 stay whole), at most 80 looks', () => {
    expect(sequentialLooks(16, 40, 0.05).map((l) => l.repeats)).toEqual([16, 20, 24, 28, 32, 36, 40])
    expect(sequentialLooks(10, 30, 0.05).map((l) => l.repeats)).toEqual([10, 14, 18, 22, 26, 30])
    expect(sequentialLooks(9, 20, 0.05).map((l) => l.repeats)).toEqual([9, 12, 15, 18, 20])
    const many = sequentialLooks(4, 1000, 0.05)
    expect(many.length).toBeLessThanOrEqual(80)
    expect(many.at(-1)!.repeats).toBe(1000)
    expect(many.every((l) => l.repeats % 2 === 0)).toBe(true)
  })

  it('tests each look at the nominal level of boundaries spending as a Brownian motion crosses a line of the SPRT\'s slope', () => {
    // Boundaries at t = ¼, ½, ¾, 1 from scipy 1.17, written independently of this code:
    //   b = (norm.ppf(0.95) + norm.ppf(0.8)) / sqrt(2); a = log(1 / level) / (2 * b)
    //   f = lambda x: norm.sf((a + b * x) / sqrt(x)) + level * norm.cdf((b * x - a) / sqrt(x)); spent = level * f(t) / f(1)
    //   c_k by brentq on multivariate_normal(cov = sqrt(min(t_i, t_j) / max(t_i, t_j)), abseps 1e-10).cdf:
    //   P(Z_1 < c_1, …, Z_{k−1} < c_{k−1}) − P(Z_1 < c_1, …, Z_k < c_k) = spent_k − spent_{k−1}
    // (spent α: 0.016667, 0.036282, 0.045534, 0.05; the crossing law checked against 10⁵ Brownian paths on 4000 steps:
    // 0.0148 / 0.0323 / 0.0457 by t = ¼ / ½ / 1 against the formula's 0.0151 / 0.0330 / 0.0454).
    const looks = sequentialLooks(8, 32, 0.05, { beta: 0.17, step: 8 })
    expect(looks.map((l) => l.alpha)).toEqual([2.128, 1.938, 2.0449, 2.1913].map((c) => expect.closeTo(1 - normalCdf(c), 4)))
    expect(looks.map((l) => l.beta)).toEqual([1.2279, 1.37, 1.6042, 1.8199].map((c) => expect.closeTo(1 - normalCdf(c), 4)))
    expect(sequentialLooks(8, 32, 0.05, { beta: 0.2, step: 8 }).map((l) => l.beta)).toEqual([1.0912, 1.2877, 1.5403, 1.7659].map((c) => expect.closeTo(1 - normalCdf(c), 4)))
    expect(sequentialLooks(8, 32, 0.05).every((l) => l.beta === undefined)).toBe(true)
  })

  it('keeps both error rates over all looks (normal data, simulated)', () => {
    // Paired values ~ N(θ, 1); "unstable" when the look's z-test rejects θ ≤ 0 at its alpha,
    // "stable" when the upper bound at its beta is below δ. 20 000 checks each: ± 0.003 / 0.006.
    const looks = sequentialLooks(10, 100, 0.05, { beta: 0.17 })
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
    expect(run(delta).stable).toBeLessThanOrEqual(0.17 + 0.006)
  })

  it('rejects a design it cannot build', () => {
    expect(() => sequentialLooks(0, 10, 0.05)).toThrow(/1 ≤ min ≤ max/)
    expect(() => sequentialLooks(10, 5, 0.05)).toThrow(/1 ≤ min ≤ max/)
    expect(() => sequentialLooks(5, 10, 0.6)).toThrow(/alpha/)
    expect(() => sequentialLooks(5, 10, 0.05, { beta: 0.7 })).toThrow(/beta/)
  })
})
