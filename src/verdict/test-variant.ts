import { binomialSf, clopperPearson } from '../stats/binomial.ts'
import type { PairedCounts } from '../stats/paired-proportions.ts'
import { pairedProportionInterval, pairedProportionTest } from '../stats/paired-proportions.ts'
import { signFlipTest } from '../stats/sign-flip.ts'
import { studentTQuantile } from '../stats/student-t.ts'
import { mean, variance } from '../stats/summary.ts'
import type { PairedDesign } from './design.ts'
import type { EffectEstimate } from './types.ts'

/** The test of one variant: its p-value, effect bounds and method. */
export interface VariantTest {
  pValue: number
  effect: EffectEstimate
  method: string
  notes: string[]
}

// Drift is computed in floating point: 0.02000000000000001 is within a tolerance of 0.02.
export const EPS = 1e-9

const unbounded = (estimate: number, alpha: number): EffectEstimate => ({ estimate, lower: Number.NEGATIVE_INFINITY, upper: Number.POSITIVE_INFINITY, confidence: 1 - 2 * alpha })

// Student's t bounds of a mean; none when the values do not vary (a t interval would be degenerate).
function tBounds(values: readonly number[], alpha: number): EffectEstimate {
  const m = mean(values)
  const n = values.length
  const sd = n >= 2 ? Math.sqrt(variance(values)) : 0
  // Rounding leaves a tiny spread in equal values; treat it as none.
  if (n < 2 || !(sd > 1e-12 * Math.max(1, Math.abs(m)))) return unbounded(m, alpha)
  const half = studentTQuantile(1 - alpha, n - 1) * sd / Math.sqrt(n)
  return { estimate: m, lower: m - half, upper: m + half, confidence: 1 - 2 * alpha }
}

const counts = (design: PairedDesign): PairedCounts => ({
  n: design.values.length,
  b: design.cross.filter((x, j) => x === 1 && design.noise[j] === 0).length,
  c: design.cross.filter((x, j) => x === 0 && design.noise[j] === 1).length,
})

/**
 * The bounds of the excess drift the test of {@link testVariant} reports, at
 * one-sided level `alpha` each: exact for a deterministic stage;
 * Clopper–Pearson for 0/1 drift with shared seeds; Tango's score bounds for
 * 0/1 drift with independent streams; Student's t otherwise. Sequential
 * repeats also ask for them at a look's futility level.
 */
export function effectBounds(design: PairedDesign, alpha: number): EffectEstimate {
  const { values, reference, binary } = design
  const n = values.length
  if (n === 0) return unbounded(0, alpha)
  if (reference === 'deterministic') {
    const d = values[0]!
    return { estimate: d, lower: d, upper: d, confidence: 1 }
  }
  if (!binary) return tBounds(values, alpha)
  if (reference === 'shared-seeds') {
    const k = values.filter((v) => v === 1).length
    const { lower, upper } = clopperPearson(k, n, alpha)
    return { estimate: k / n, lower, upper, confidence: 1 - 2 * alpha }
  }
  const c = counts(design)
  const { lower, upper } = pairedProportionInterval(c, alpha)
  return { estimate: (c.b - c.c) / n, lower, upper, confidence: 1 - 2 * alpha }
}

/**
 * Tests H0 "excess drift ≤ tolerance" for one variant at one-sided level α
 * and bounds the excess drift at 1 − α on each side:
 * - deterministic: exact comparison, p 0 or 1;
 * - shared seeds, 0/1 drift: exact binomial test, Clopper–Pearson bounds
 *   (tolerance 0: under H0 nothing may change, so one change is p = 0);
 * - shared seeds, continuous drift: tolerance 0 as above; else the exact
 *   sign-flip test on drift − tolerance, Student's t bounds;
 * - independent streams, 0/1 drift: exact one-sided McNemar at tolerance 0,
 *   Tango's score test with a margin otherwise; Tango's score bounds;
 * - independent streams, continuous drift: sign-flip test on the block
 *   values − tolerance, Student's t bounds.
 */
export function testVariant(design: PairedDesign, tolerance: number, alpha: number, seed: number): VariantTest {
  const { values, reference, binary } = design
  const notes: string[] = []
  const n = values.length
  const effect = effectBounds(design, alpha)
  if (n === 0) {
    return { pValue: 1, effect, method: 'none', notes: ['no paired values: independent streams need at least 2 repeats'] }
  }
  if (reference === 'deterministic') {
    return { pValue: effect.estimate > tolerance + EPS ? 0 : 1, effect, method: 'exact comparison (no stochastic stage: every sample is the same output)', notes }
  }
  if (reference === 'shared-seeds') {
    const anyDrift = values.some((v) => v > EPS)
    if (binary) {
      const k = values.filter((v) => v === 1).length
      const pValue = tolerance <= 0 ? (k > 0 ? 0 : 1) : binomialSf(k, n, tolerance)
      return { pValue, effect, method: `exact binomial test (${k} of ${n} changed), Clopper–Pearson bounds`, notes }
    }
    if (tolerance <= 0) {
      notes.push('shared seeds with tolerance 0: without an effect nothing changes, so any drift is significant')
      return { pValue: anyDrift ? 0 : 1, effect, method: "exact (shared seeds, tolerance 0), Student's t bounds", notes }
    }
    const { pValue, exact } = signFlipTest(values, { shift: tolerance, seed })
    return { pValue, effect, method: `${exact ? 'exact' : 'sampled'} sign-flip permutation test, Student's t bounds`, notes }
  }
  if (binary) {
    const c = counts(design)
    const discordant = c.b + c.c
    const pValue = tolerance <= 0
      ? (discordant === 0 ? 1 : binomialSf(c.b, discordant, 0.5))
      : pairedProportionTest(c, tolerance)
    const method = tolerance <= 0
      ? `exact one-sided McNemar test (${c.b} blocks changed only against the base, ${c.c} only between base samples), Tango score bounds`
      : `Tango score test with margin ${tolerance} (${c.b} vs ${c.c} discordant blocks), Tango score bounds`
    return { pValue, effect, method, notes }
  }
  const { pValue, exact } = signFlipTest(values, { shift: tolerance, seed })
  return { pValue, effect, method: `${exact ? 'exact' : 'sampled'} sign-flip permutation test on blocks, Student's t bounds`, notes }
}
