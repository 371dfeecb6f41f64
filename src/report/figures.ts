import { outcome } from './format.ts'
import type { InvariantRecord, StabilityRecord } from './record.ts'

/**
 * The figures the HTML report and the compact Markdown draw, read from a
 * record in one place. Stability records carry a tested `outcome`
 * (stable / unstable / inconclusive / vacuous) with `pValue` and `alpha`;
 * records written before the verdict engine only say `pass`, which maps to
 * `stable` / `unstable`.
 */

/** What an invariant's row says: the verdict word, and how urgent it is for a reviewer. */
export interface InvariantOutcome {
  /** `stable`, `unstable`, `inconclusive`, `vacuous`, a baseline or latency status, or `error`. */
  word: string
  /** 0: the assertion failed; 1: passed but needs a look (inconclusive, vacuous, a latency check that could not decide); 2: passed. */
  rank: 0 | 1 | 2
}

// Fields of the tested verdict, optional so that records without them read too.
interface Tested {
  outcome?: string
  pValue?: number
  alpha?: number
}

/** The outcome of one record, for sorting and colouring. */
export function invariantOutcome(r: InvariantRecord): InvariantOutcome {
  const failed = outcome(r) === 'failed'
  if (r.kind === 'error') return { word: 'error', rank: 0 }
  if (r.kind === 'baseline') return { word: r.status, rank: failed ? 0 : 2 }
  if (r.kind === 'latency') return { word: r.status, rank: failed ? 0 : r.status === 'inconclusive' ? 1 : 2 }
  const tested = (r as Tested).outcome
  const word = tested ?? (r.pass ? 'stable' : 'unstable')
  // A measurement put in with report() that does not hold needs a look; it failed no test.
  return { word, rank: failed ? (r.reported ? 1 : 0) : word === 'inconclusive' || word === 'vacuous' ? 1 : 2 }
}

/** `p = 0.031 · α 0.05` when the record carries a tested verdict, else empty. */
export function testedFigures(r: StabilityRecord): { pValue?: number; alpha?: number } {
  const t = r as StabilityRecord & Tested
  return { ...(typeof t.pValue === 'number' ? { pValue: t.pValue } : {}), ...(typeof t.alpha === 'number' ? { alpha: t.alpha } : {}) }
}

/** One variant as the interval chart draws it. */
export interface VariantFigure {
  label: string
  /** Verdict word of the variant. */
  word: string
  failed: boolean
  /** Mean raw drift (variant vs base). */
  drift: number
  /** The figure compared with the tolerance, and its interval; `null` bounds are open. */
  compared: { estimate: number; lower: number | null; upper: number | null; what: string }
}

/** What the interval chart of a stability record shows. */
export interface StabilityFigures {
  tolerance: number
  /** The noise floor (base vs base): mean and interval; `null` when not measured. */
  noise: { mean: number; lower: number; upper: number } | null
  variants: VariantFigure[]
}

type Loose = Record<string, unknown>
const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x)

/** The figures of a stability record, whichever verdict engine wrote it. */
export function stabilityFigures(r: StabilityRecord): StabilityFigures {
  const tol = r.tolerance as unknown
  const tolerance = isNum(tol) ? tol : isNum((tol as Loose | null)?.value) ? ((tol as Loose).value as number) : 0
  const excess = !isNum(tol) && (tol as Loose | null)?.excess === true
  const noise = r.noiseFloor.measured ? { mean: r.noiseFloor.mean, lower: r.noiseFloor.ci[0], upper: r.noiseFloor.ci[1] } : null
  const variants = r.variants.map((raw): VariantFigure => {
    const v = raw as unknown as Loose
    const word = typeof v.outcome === 'string' ? v.outcome : v.pass === true ? 'within' : 'exceeds'
    const failed = typeof v.outcome === 'string' ? v.outcome === 'unstable' : v.pass !== true
    const drift = isNum(v.mean) ? v.mean : 0
    const effect = v.effect as Loose | undefined
    if (effect && isNum(effect.estimate)) {
      return {
        label: raw.label, word, failed, drift,
        compared: { estimate: effect.estimate, lower: isNum(effect.lower) ? effect.lower : null, upper: isNum(effect.upper) ? effect.upper : null, what: 'excess drift' },
      }
    }
    const est = (excess ? v.excess : v) as Loose
    const ci = Array.isArray(est?.ci) ? (est.ci as number[]) : []
    return {
      label: raw.label, word, failed, drift,
      compared: { estimate: isNum(est?.mean) ? est.mean : drift, lower: isNum(ci[0]) ? ci[0] : null, upper: isNum(ci[1]) ? ci[1] : null, what: excess ? 'drift beyond noise' : 'drift' },
    }
  })
  return { tolerance, noise, variants }
}
