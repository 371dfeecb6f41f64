import { OptionsError } from '../errors.ts'
import { bootstrapCI } from '../stats/bootstrap.ts'
import { createIndexRng } from '../stats/rng.ts'
import { mean } from '../stats/summary.ts'

/** Latency samples in ms: a {@link benchStage} result, or one read back from JSON. */
export interface LatencySamples {
  samples: readonly number[]
}

/** Options of {@link compareLatency}. */
export interface CompareLatencyOptions {
  /** The largest accepted slowdown, as a fraction of the baseline: 0.2 = at most 20% slower. @default 0.2 */
  maxSlowdown?: number
  /** The statistic compared; the median is robust to the odd GC pause. @default 'median' */
  statistic?: 'median' | 'mean'
  /** Two-sided confidence level of the ratio's interval. @default 0.95 */
  confidence?: number
  /** Bootstrap resamples. @default 2000 */
  resamples?: number
  /** Seed of the resampling; the same samples and seed give the same verdict. @default 0 */
  seed?: number
}

/**
 * How the current latency compares with the baseline, tagged on `status`:
 * `within` when the whole confidence interval of the ratio is at or below the
 * limit, `regressed` when the whole interval is above it (slower beyond the
 * measurement noise), `inconclusive` when the interval straddles the limit
 * (measure longer, or on a quieter machine).
 */
export interface LatencyComparison {
  status: 'within' | 'regressed' | 'inconclusive'
  /** False only for `regressed`: an invariant fails when a regression is shown, not merely suspected. */
  pass: boolean
  /** current ÷ baseline of the statistic. */
  ratio: number
  /** Bootstrap confidence interval of the ratio (both sample sets resampled independently). */
  ci: [number, number]
  /** 1 + maxSlowdown. */
  limit: number
  statistic: 'median' | 'mean'
  confidence: number
  /** The statistic of each sample set, in ms. */
  current: number
  baseline: number
  /** One line for test failures and logs. */
  message: string
}

// Resampling cost grows with the sample count; beyond this many samples an
// evenly spaced set of order statistics stands in for the sorted samples. It
// keeps the distribution's shape and can only widen the interval (fewer
// points), so it never turns noise into a `regressed` verdict.
const MAX_POINTS = 1000

/**
 * Bounds a stage's latency regression against its baseline, taking the noise
 * of both measurements into account: the ratio of the medians (or means) of
 * the current and baseline samples, with a seeded bootstrap confidence
 * interval, compared with `1 + maxSlowdown`. Throws on empty samples or bad
 * options.
 *
 * @example
 * const baseline = JSON.parse(readFileSync('snapshots/extract.latency.json', 'utf8'))
 * const current = await benchStage(pipeline, 'extract', { params })
 * const c = compareLatency(current, baseline, { maxSlowdown: 0.2 }) // "extract must not get more than 20% slower"
 * expect(c.pass, c.message).toBe(true)
 */
export function compareLatency(current: LatencySamples, baseline: LatencySamples, options: CompareLatencyOptions = {}): LatencyComparison {
  const maxSlowdown = options.maxSlowdown ?? 0.2
  const statistic = options.statistic ?? 'median'
  const confidence = options.confidence ?? 0.95
  const seed = options.seed ?? 0
  if (!(maxSlowdown >= 0) || !Number.isFinite(maxSlowdown)) throw new OptionsError(`option "maxSlowdown" must be a finite fraction >= 0 (0.2 = 20% slower), got ${String(maxSlowdown)}`, { component: 'bench' })
  if (statistic !== 'median' && statistic !== 'mean') throw new OptionsError(`option "statistic" must be 'median' or 'mean', got ${String(statistic)}`, { component: 'bench' })
  const cur = points(current, 'current')
  const base = points(baseline, 'baseline')
  const stat = statistic === 'mean' ? mean : median
  const c = stat(cur)
  const b = stat(base)
  if (!(b > 0)) throw new OptionsError(`the baseline ${statistic} latency is ${b} ms; a ratio needs a stage that takes measurable time`, { component: 'bench' })
  const limit = 1 + maxSlowdown
  const ratio = c / b
  const bootstrap = { confidence, seed, ...(options.resamples !== undefined ? { resamples: options.resamples } : {}) }

  // A two-sample bootstrap through the one-sample bootstrapCI: each replicate
  // resamples the current samples (bootstrapCI) and the baseline samples
  // (its own seeded stream) independently.
  const pick = createIndexRng(seed + 1)
  const scratch = new Array<number>(base.length)
  const resampledBaseline = (): number => {
    for (let i = 0; i < base.length; i++) scratch[i] = base[pick(base.length)] as number
    return stat(scratch)
  }
  const allEqual = cur.every((x) => x === cur[0])
  const ci = allEqual
    ? bootstrapCI(base, { ...bootstrap, statistic: (xs) => c / stat(xs) })
    : bootstrapCI(cur, { ...bootstrap, statistic: (xs) => stat(xs) / resampledBaseline() })
  // With all-equal current samples the interval comes out in the baseline's order; keep it ascending.
  const interval: [number, number] = [Math.min(ci[0], ci[1]), Math.max(ci[0], ci[1])]

  const status = interval[0] > limit ? 'regressed' : interval[1] <= limit ? 'within' : 'inconclusive'
  const pct = (x: number): string => `${x >= 1 ? '+' : ''}${((x - 1) * 100).toFixed(1)}%`
  const verdict = status === 'regressed'
    ? `slower than the allowed ${pct(limit)} beyond the measurement noise`
    : status === 'within'
      ? `within the allowed ${pct(limit)}`
      : `inconclusive against the allowed ${pct(limit)}: the noise is too large to tell (measure longer)`
  const message = `[butterfly] [bench] ${statistic} latency ${c.toFixed(3)} ms vs baseline ${b.toFixed(3)} ms: ${pct(ratio)} ` +
    `(${Math.round(confidence * 100)}% CI ${pct(interval[0])} to ${pct(interval[1])}), ${verdict}`
  return { status, pass: status !== 'regressed', ratio, ci: interval, limit, statistic, confidence, current: c, baseline: b, message }
}

function points(set: LatencySamples, which: string): number[] {
  const samples = set?.samples
  if (!Array.isArray(samples) || samples.length === 0) throw new OptionsError(`the ${which} latency has no samples`, { component: 'bench' })
  for (const x of samples) {
    if (typeof x !== 'number' || !Number.isFinite(x) || x < 0) throw new OptionsError(`the ${which} latency has an invalid sample: ${String(x)}`, { component: 'bench' })
  }
  const sorted = [...samples].sort((a, b) => a - b)
  if (sorted.length <= MAX_POINTS) return sorted
  return Array.from({ length: MAX_POINTS }, (_, i) => sorted[Math.round((i * (sorted.length - 1)) / (MAX_POINTS - 1))] as number)
}

function median(xs: readonly number[]): number {
  const sorted = [...xs].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
}
