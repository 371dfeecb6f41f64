import { StatsError } from '../errors.ts'
import { bootstrapCI, type BootstrapOptions } from './bootstrap.ts'
import { mean, standardError } from './summary.ts'

/** Result of {@link pairedDifference}: summary of the per-pair differences a − b. */
export interface PairedDifference {
  n: number
  mean: number
  standardError: number
  /** Bootstrap CI of the mean difference (percentile method, seeded). */
  ci: [number, number]
}

/**
 * Mean of the paired differences a[i] − b[i], its standard error and a
 * seeded bootstrap confidence interval (resampling pairs). Throws
 * `StatsError` on empty or unequal-length input.
 *
 * @example
 * const d = pairedDifference([0.9, 0.8, 0.85], [0.7, 0.75, 0.8])
 * d.mean // 0.1; d.ci contains the mean
 */
export function pairedDifference(a: readonly number[], b: readonly number[], options?: BootstrapOptions): PairedDifference {
  if (a.length !== b.length) {
    throw new StatsError(`pairedDifference needs arrays of the same length, got ${a.length} and ${b.length}`, { component: 'stats' })
  }
  if (a.length === 0) throw new StatsError('pairedDifference needs at least one pair, got empty arrays', { component: 'stats' })
  const d = a.map((x, i) => x - (b[i] as number))
  return { n: d.length, mean: mean(d), standardError: standardError(d), ci: bootstrapCI(d, options) }
}
