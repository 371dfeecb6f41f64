import { OptionsError } from '../errors.ts'
import type { ToleranceRecord } from '../report/record.ts'
import { binomialUpperBound, minPairsForBound } from './binomial-bound.ts'

/** How much drift a stability assertion accepts, and how it is measured. */
export interface ToleranceOptions {
  /** The largest acceptable drift (in the metric's units; 0 = no change at all). */
  tolerance: number
  /**
   * `'max'`: every observed paired drift value must be ≤ tolerance ("in none
   * of the 5 repeats did the winner change"); `'mean'`: the mean drift.
   * @default 'max'
   */
  statistic?: 'max' | 'mean'
  /**
   * Makes it a statistical claim: the upper bound of the mean drift's
   * confidence interval at this level must be ≤ tolerance. Implies
   * `statistic: 'mean'`. For 0/1 drift the exact binomial bound is used; when
   * the repeats are too few for the claim to ever hold, the failure says how
   * many are needed.
   * @default undefined (no interval claim)
   */
  confidence?: number
  /**
   * Compare the drift beyond the noise floor (variant-vs-base minus
   * base-vs-base, paired by sample) instead of the raw drift.
   * @default false
   */
  excess?: boolean
}

/** The numbers of one variant a tolerance is checked against. */
export interface DriftNumbers {
  values: readonly number[]
  mean: number
  ci: readonly [number, number]
  excess: { values: readonly number[]; mean: number; ci: readonly [number, number] }
}

/** The verdict for one variant. */
export interface ToleranceVerdict {
  observed: number
  pass: boolean
  observedNote?: string
  /** Set when the claim cannot hold with this many repeats, whatever they show. */
  tooFew?: string
}

// Drift values are computed in floating point; a tolerance of 0.02 must accept 0.02000000000000001.
const EPS = 1e-9

/** Checks the tolerance options and fills in the defaults. Throws on misuse. */
export function resolveTolerance(options: ToleranceOptions, where: string): ToleranceRecord {
  const { tolerance, statistic, confidence, excess } = options
  if (typeof tolerance !== 'number' || !Number.isFinite(tolerance) || tolerance < 0) {
    throw new OptionsError(`[${where}] option "tolerance" must be a finite number ≥ 0, got ${String(tolerance)}`)
  }
  if (statistic !== undefined && statistic !== 'max' && statistic !== 'mean') {
    throw new OptionsError(`[${where}] option "statistic" must be 'max' or 'mean', got ${JSON.stringify(statistic)}`)
  }
  if (confidence !== undefined) {
    if (!(confidence > 0 && confidence < 1)) {
      throw new OptionsError(`[${where}] option "confidence" must be in (0, 1), got ${String(confidence)}`)
    }
    if (statistic === 'max') {
      throw new OptionsError(`[${where}] "confidence" bounds the mean; it cannot be combined with statistic: 'max'`)
    }
    return { value: tolerance, statistic: 'upper-ci', confidence, excess: excess === true }
  }
  return { value: tolerance, statistic: statistic ?? 'max', excess: excess === true }
}

const isBinary = (values: readonly number[]): boolean => values.every((v) => v === 0 || v === 1)
const fmt = (x: number): string => (Number.isInteger(x) ? String(x) : x.toPrecision(3))

/** Compares one variant's drift with the tolerance. */
export function judge(drift: DriftNumbers, tol: ToleranceRecord): ToleranceVerdict {
  const values = tol.excess ? drift.excess.values : drift.values
  const within = (observed: number): boolean => observed <= tol.value + EPS
  if (values.length === 0) return { observed: Number.NaN, pass: false, tooFew: 'no paired drift values were measured' }
  if (tol.statistic === 'max') {
    const observed = Math.max(...values)
    return { observed, pass: within(observed) }
  }
  if (tol.statistic === 'mean') {
    const observed = tol.excess ? drift.excess.mean : drift.mean
    return { observed, pass: within(observed) }
  }
  const confidence = tol.confidence ?? 0.95
  const level = `${Math.round(confidence * 1000) / 10}%`
  if (!tol.excess && isBinary(values)) {
    const k = values.filter((v) => v === 1).length
    const n = values.length
    const observed = binomialUpperBound(k, n, confidence)
    const verdict: ToleranceVerdict = { observed, pass: within(observed), observedNote: `exact ${level} binomial upper bound: ${k} of ${n} pair${n === 1 ? '' : 's'} changed` }
    const needed = minPairsForBound(tol.value, confidence)
    if (needed > n) {
      verdict.tooFew = Number.isFinite(needed)
        ? `with ${n} repeats the ${level} upper bound of a 0/1 drift is at least ${fmt(binomialUpperBound(0, n, confidence))} even when no repeat changes, above the tolerance ${fmt(tol.value)}: this claim can never pass; it needs at least ${needed} repeats`
        : `a tolerance of 0 can never be claimed at ${level} confidence, whatever the number of repeats; use statistic: 'max' (no repeat may change) or a tolerance > 0`
    }
    return verdict
  }
  if (values.length < 2) {
    return { observed: Number.NaN, pass: false, tooFew: `a ${level} confidence interval needs at least 2 repeats, got ${values.length}` }
  }
  const observed = (tol.excess ? drift.excess.ci : drift.ci)[1]
  return { observed, pass: within(observed), observedNote: `upper bound of the ${level} bootstrap interval of the mean` }
}
