import { outcome } from './format.ts'
import type { InvariantRecord, StabilityRecord } from './record.ts'

/** What an invariant's row says: the verdict word, and how urgent it is for a reviewer. */
export interface InvariantOutcome {
  /** `stable`, `unstable`, `inconclusive`, `vacuous`, a baseline or latency status, or `error`. */
  word: string
  /** 0: the assertion failed; 1: passed but needs a look (inconclusive, vacuous, a latency check that could not decide, a `report()` claim that does not hold); 2: passed. */
  rank: 0 | 1 | 2
}

/** The outcome of one record, for sorting and colouring. */
export function invariantOutcome(r: InvariantRecord): InvariantOutcome {
  const failed = outcome(r) === 'failed'
  if (r.kind === 'error') return { word: 'error', rank: 0 }
  if (r.kind === 'baseline') return { word: r.status, rank: failed ? 0 : 2 }
  if (r.kind === 'latency') return { word: r.status, rank: failed ? 0 : r.status === 'inconclusive' ? 1 : 2 }
  // A reported run fails no test; a failed one needs a look.
  if (r.kind === 'run') return { word: `run ${r.status}`, rank: r.pass ? 2 : 1 }
  // The suite-wide verdict decides when the reporter added one.
  const word = r.suite?.outcome ?? r.outcome
  // A measurement put in with report() that does not hold needs a look; it failed no test.
  return { word, rank: failed ? (r.reported ? 1 : 0) : word === 'inconclusive' || word === 'vacuous' ? 1 : 2 }
}

/** One variant as the interval chart draws it. */
export interface VariantFigure {
  label: string
  /** Verdict word of the variant. */
  word: string
  failed: boolean
  /** Mean raw drift (variant vs base). */
  drift: number
  /** The excess drift tested against the tolerance, and its one-sided bounds; `null` bounds are open. */
  compared: { estimate: number; lower: number | null; upper: number | null; what: string }
}

/** What the interval chart of a stability record shows. */
export interface ChartFigures {
  tolerance: number
  /** The noise floor (base vs base): mean and interval; `null` when not measured. */
  noise: { mean: number; lower: number; upper: number } | null
  variants: VariantFigure[]
}

/** The figures the HTML report's interval chart draws for a stability record. */
export function chartFigures(r: StabilityRecord): ChartFigures {
  return {
    tolerance: r.tolerance,
    noise: r.noiseFloor.measured ? { mean: r.noiseFloor.mean, lower: r.noiseFloor.ci[0], upper: r.noiseFloor.ci[1] } : null,
    variants: r.variants.map((v) => ({
      label: v.label, word: v.outcome, failed: v.outcome === 'unstable', drift: v.mean,
      compared: { estimate: v.effect.estimate, lower: v.effect.lower, upper: v.effect.upper, what: 'excess drift' },
    })),
  }
}
