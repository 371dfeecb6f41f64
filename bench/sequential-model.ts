import { createRng, sequentialLooks } from '../src/index.ts'
import { normalQuantile as quantile } from '../src/stats/normal.ts'
import { SEQUENTIAL_BETA } from '../src/verdict/sequential-run.ts'

// What sequential repeats can save, in the normal model of a paired test: values ~ N(θ, 1),
// H0 "θ ≤ 0" (the tolerance), H1 θ = δ (tolerance + minEffect), the fixed n that has 80 % power
// at α = 0.05, n_f = ((z_0.95 + z_0.8) / δ)². The design of `repeats: { min, max }` (its own
// looks and nominal levels, applied to z statistics) is compared with Wald's SPRT looking after
// every value, which minimises the expected sample size at both hypotheses among all tests with
// its error rates (Wald & Wolfowitz 1948): a lower bound for any valid design.

const N_FIXED = 200
const DELTA = (1.644854 + 0.841621) / Math.sqrt(N_FIXED)

export interface ModelFigures {
  /** Mean values used ÷ n_f under "no effect" (θ = −offset·δ) and at H1, and P(unstable) at H1. */
  design: { h0: number; h1: number; power: number }
  sprt: { h0: number; h1: number; power: number }
}

/**
 * Simulates both designs with min = n_f ÷ 8, max = 2·n_f; "no effect" sits `offset`·δ below
 * the tolerance (the bench's H0 cells: the true excess 0 is one tolerance below it).
 */
export function sequentialModel(offset: number, sims: number, seed: number): ModelFigures {
  const looks = sequentialLooks(N_FIXED / 8, 2 * N_FIXED, 0.05, { beta: SEQUENTIAL_BETA })
  const zA = looks.map((l) => quantile(1 - l.alpha))
  const zB = looks.map((l) => quantile(1 - l.beta!))
  const rng = createRng(seed)
  const normal = (): number => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng())
  const design = (theta: number): { n: number; unstable: boolean } => {
    let sum = 0
    let m = 0
    for (let k = 0; k < looks.length; k++) {
      while (m < looks[k]!.repeats) { sum += theta + normal(); m++ }
      if ((sum / m) * Math.sqrt(m) >= zA[k]!) return { n: m, unstable: true }
      if (sum / m + zB[k]! / Math.sqrt(m) < DELTA) return { n: m, unstable: false }
    }
    return { n: m, unstable: false }
  }
  // Wald's boundaries log((1 − β)/α) and log(β/(1 − α)) on the log likelihood ratio δ·Σx − mδ²/2.
  const upper = Math.log(0.8 / 0.05)
  const lower = Math.log(0.2 / 0.95)
  const sprt = (theta: number): { n: number; unstable: boolean } => {
    let llr = 0
    for (let m = 1; ; m++) {
      llr += DELTA * (theta + normal()) - (DELTA * DELTA) / 2
      if (llr >= upper) return { n: m, unstable: true }
      if (llr <= lower || m >= 4 * N_FIXED) return { n: m, unstable: false }
    }
  }
  const summarise = (run: (theta: number) => { n: number; unstable: boolean }): ModelFigures['design'] => {
    let h0 = 0
    let h1 = 0
    let power = 0
    for (let s = 0; s < sims; s++) {
      h0 += run(-offset * DELTA).n
      const r = run(DELTA)
      h1 += r.n
      if (r.unstable) power++
    }
    return { h0: h0 / sims / N_FIXED, h1: h1 / sims / N_FIXED, power: power / sims }
  }
  return { design: summarise(design), sprt: summarise(sprt) }
}
