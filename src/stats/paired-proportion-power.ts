import { binomialSf } from './binomial.ts'
import { pairedProportionTest } from './paired-proportions.ts'

/** One block's chances: P(A = 1, C = 0) = `p10`, P(A = 0, C = 1) = `p01` (the rest concordant). */
export interface DiscordanceModel {
  p10: number
  p01: number
}

// log k! for k = 0..n.
function logFactorials(n: number): Float64Array {
  const out = new Float64Array(n + 1)
  for (let k = 1; k <= n; k++) out[k] = out[k - 1]! + Math.log(k)
  return out
}

const logOf = (p: number): number => (p > 0 ? Math.log(p) : Number.NEGATIVE_INFINITY)

/**
 * Exact power of the paired-proportion test the verdict runs on `blocks`
 * independent blocks, by enumerating the trinomial of block values
 * (x = 1 with `p10`, −1 with `p01`, 0 otherwise): at tolerance 0 the exact
 * one-sided McNemar test (conditional binomial on the discordant blocks,
 * p ≤ α), above Tango's score test with the tolerance as margin.
 *
 * @example
 * pairedProportionPower(52, { p10: 0.45, p01: 0.21 }, 0, 0.05) // ≈ 0.74 (scipy, see the test)
 */
export function pairedProportionPower(blocks: number, model: DiscordanceModel, tolerance: number, alpha: number): number {
  const n = blocks
  const { p10, p01 } = model
  const p00 = Math.max(0, 1 - p10 - p01)
  const lf = logFactorials(n)
  const [l10, l01, l00] = [logOf(p10), logOf(p01), logOf(p00)]
  const term = (b: number, c: number): number => {
    const logs = (b > 0 ? b * l10 : 0) + (c > 0 ? c * l01 : 0) + (n - b - c > 0 ? (n - b - c) * l00 : 0)
    return Number.isFinite(logs) ? Math.exp(lf[n]! - lf[b]! - lf[c]! - lf[n - b - c]! + logs) : 0
  }
  // Counts more than 10 standard deviations from their mean carry < 1e-20 of the probability: skip them.
  const span = (p: number): [number, number] => {
    const sd = Math.sqrt(n * p * (1 - p))
    return [Math.max(0, Math.floor(n * p - 10 * sd - 1)), Math.min(n, Math.ceil(n * p + 10 * sd + 1))]
  }
  if (tolerance <= 0) {
    // Conditional on d discordant blocks, b ~ Binomial(d, p10 / (p10 + p01)); reject from the
    // smallest b whose exact one-sided p-value is ≤ α (that critical count only grows with d).
    const disc = p10 + p01
    if (!(disc > 0)) return 0
    const theta = p10 / disc
    const [from, to] = span(disc)
    let power = 0
    let k = 0
    for (let d = Math.max(1, from); d <= to; d++) {
      while (k <= d && binomialSf(k, d, 0.5) > alpha) k += 1
      if (k > d) continue
      const pd = Math.exp(lf[n]! - lf[d]! - lf[n - d]! + (d * logOf(disc)) + (n - d > 0 ? (n - d) * logOf(1 - disc) : 0))
      if (pd > 0) power += pd * binomialSf(k, d, theta)
    }
    return Math.min(1, power)
  }
  // Tango's score falls as c grows for each b: the rejected c are those up to a boundary.
  const [bFrom, bTo] = span(p10)
  const [cFrom] = span(p01)
  let power = 0
  for (let b = bFrom; b <= bTo; b++) {
    for (let c = cFrom; b + c <= n; c++) {
      if (pairedProportionTest({ n, b, c }, tolerance) > alpha) break
      power += term(b, c)
    }
  }
  return Math.min(1, power)
}
