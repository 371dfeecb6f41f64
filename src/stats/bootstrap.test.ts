import { describe, expect, it } from 'vitest'
import { StatsError } from '../errors.ts'
import { bootstrapCI } from './bootstrap.ts'
import { createRng } from './rng.ts'
import { mean, standardError } from './summary.ts'

/** Standard normal draws by Box–Muller from the seeded RNG. */
function normalSample(n: number, seed: number, mu: number, sigma: number): number[] {
  const u = createRng(seed)
  return Array.from({ length: n }, () => mu + sigma * Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u()))
}

describe('bootstrapCI', () => {
  it('matches the analytic t interval of the mean on a fixed normal sample', () => {
    const xs = normalSample(200, 11, 10, 2)
    const m = mean(xs)
    const se = standardError(xs)
    // t quantile 0.975 with 199 df.
    const t = 1.971956544
    const [lo, hi] = bootstrapCI(xs, { resamples: 4000, seed: 3 })
    // The percentile bootstrap is slightly narrow (it uses the plug-in sd, z not t);
    // a tolerance of 0.1 se on each end is well inside what that explains.
    expect(Math.abs(lo - (m - t * se))).toBeLessThan(0.1 * se)
    expect(Math.abs(hi - (m + t * se))).toBeLessThan(0.1 * se)
    expect(lo).toBeLessThan(m)
    expect(hi).toBeGreaterThan(m)
  })

  it('is deterministic for a seed and changes with the seed', () => {
    const xs = normalSample(30, 5, 0, 1)
    expect(bootstrapCI(xs, { seed: 9, resamples: 500 })).toEqual(bootstrapCI(xs, { seed: 9, resamples: 500 }))
    expect(bootstrapCI(xs, { seed: 9, resamples: 500 })).not.toEqual(bootstrapCI(xs, { seed: 10, resamples: 500 }))
  })

  it('widens with the confidence level', () => {
    const xs = normalSample(50, 2, 0, 1)
    const [lo90, hi90] = bootstrapCI(xs, { confidence: 0.9 })
    const [lo99, hi99] = bootstrapCI(xs, { confidence: 0.99 })
    expect(lo99).toBeLessThan(lo90)
    expect(hi99).toBeGreaterThan(hi90)
  })

  it('supports another statistic', () => {
    const xs = [1, 2, 3, 4, 100]
    const median = (v: readonly number[]): number => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!
    const [, hi] = bootstrapCI(xs, { statistic: median, seed: 1 })
    expect(hi).toBeLessThanOrEqual(100)
    expect(xs).toContain(hi)
  })

  it('degenerates to [v, v] for one value or all-equal values', () => {
    expect(bootstrapCI([0.4])).toEqual([0.4, 0.4])
    expect(bootstrapCI([0, 0, 0, 0])).toEqual([0, 0])
  })

  it('rejects empty input and bad options with a StatsError', () => {
    expect(() => bootstrapCI([])).toThrow(StatsError)
    expect(() => bootstrapCI([1, 2], { confidence: 1 })).toThrow(/confidence/)
    expect(() => bootstrapCI([1, 2], { resamples: 0 })).toThrow(/resamples/)
    expect(() => bootstrapCI([1, Number.POSITIVE_INFINITY])).toThrow(/non-finite/)
  })
})
