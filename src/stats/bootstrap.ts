import { StatsError } from '../errors.ts'
import { createIndexRng } from './rng.ts'
import { mean } from './summary.ts'

/** Options of {@link bootstrapCI} (and of the functions that use it). */
export interface BootstrapOptions {
  /** Two-sided confidence level, in (0, 1). @default 0.95 */
  confidence?: number
  /** Number of bootstrap resamples. @default 2000 */
  resamples?: number
  /** Seed of the resampling RNG; the same seed gives the same interval. @default 0 */
  seed?: number
  /** The statistic whose interval is estimated. @default mean */
  statistic?: (xs: readonly number[]) => number
}

/** {@link BootstrapOptions} with every default filled in. */
export interface ResolvedBootstrapOptions {
  confidence: number
  resamples: number
  seed: number
  statistic: (xs: readonly number[]) => number
}

/**
 * Fills in the defaults of {@link BootstrapOptions} and checks them
 * (throws `StatsError` on a confidence outside (0, 1) or a bad resample count).
 *
 * @example
 * resolveBootstrapOptions({ seed: 3 }) // { confidence: 0.95, resamples: 2000, seed: 3, statistic: mean }
 */
export function resolveBootstrapOptions(options: BootstrapOptions = {}): ResolvedBootstrapOptions {
  const confidence = options.confidence ?? 0.95
  const resamples = options.resamples ?? 2000
  const seed = options.seed ?? 0
  if (!(confidence > 0 && confidence < 1)) {
    throw new StatsError(`bootstrap option "confidence" must be in (0, 1), got ${String(confidence)}`, { component: 'stats' })
  }
  if (!Number.isInteger(resamples) || resamples < 1) {
    throw new StatsError(`bootstrap option "resamples" must be a positive integer, got ${String(resamples)}`, { component: 'stats' })
  }
  if (!Number.isFinite(seed)) throw new StatsError(`bootstrap option "seed" must be finite, got ${String(seed)}`, { component: 'stats' })
  return { confidence, resamples, seed, statistic: options.statistic ?? mean }
}

/** Linear-interpolation quantile (type 7, as R's default) of sorted values. */
function quantileSorted(sorted: readonly number[], p: number): number {
  const h = (sorted.length - 1) * p
  const lo = Math.floor(h)
  const a = sorted[lo] as number
  const b = sorted[Math.min(lo + 1, sorted.length - 1)] as number
  return a + (h - lo) * (b - a)
}

/**
 * Percentile bootstrap confidence interval of a statistic (the mean by
 * default). Deterministic for a given seed. A single value or all-equal
 * values give the degenerate interval `[v, v]`; an empty array throws
 * `StatsError`.
 *
 * @example
 * const [lo, hi] = bootstrapCI([0.1, 0.4, 0.35, 0.2, 0.3], { resamples: 1000, seed: 1 })
 * // lo <= 0.27 <= hi, the same numbers on every run
 */
export function bootstrapCI(values: readonly number[], options?: BootstrapOptions): [number, number] {
  const { confidence, resamples, seed, statistic } = resolveBootstrapOptions(options)
  const n = values.length
  if (n === 0) throw new StatsError('bootstrapCI needs at least one value, got an empty array', { component: 'stats' })
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(values[i])) throw new StatsError(`bootstrapCI got a non-finite value at index ${i}: ${String(values[i])}`, { component: 'stats' })
  }
  const first = values[0] as number
  if (values.every((v) => v === first)) {
    const v = statistic(values)
    return [v, v]
  }
  const pick = createIndexRng(seed)
  const sample = new Array<number>(n)
  const stats = new Array<number>(resamples)
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < n; i++) sample[i] = values[pick(n)] as number
    stats[r] = statistic(sample)
  }
  stats.sort((a, b) => a - b)
  const alpha = (1 - confidence) / 2
  return [quantileSorted(stats, alpha), quantileSorted(stats, 1 - alpha)]
}
/** This module's URL: measurement tables key intervals by its code. */
export const BOOTSTRAP_MODULE = import.meta.url
