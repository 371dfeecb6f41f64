import { StatsError } from '../errors.ts'

function requireValues(fn: string, xs: readonly number[]): void {
  if (xs.length === 0) throw new StatsError(`${fn} needs at least one value, got an empty array`, { component: 'stats' })
  for (let i = 0; i < xs.length; i++) {
    if (!Number.isFinite(xs[i])) throw new StatsError(`${fn} got a non-finite value at index ${i}: ${String(xs[i])}`, { component: 'stats' })
  }
}

/**
 * Arithmetic mean. Throws `StatsError` on an empty array or a non-finite value.
 *
 * @example
 * mean([1, 2, 3, 4]) // 2.5
 */
export function mean(xs: readonly number[]): number {
  requireValues('mean', xs)
  let sum = 0
  for (const x of xs) sum += x
  return sum / xs.length
}

/**
 * Sample variance (divisor n − 1); 0 for a single value. Throws `StatsError`
 * on an empty array.
 *
 * @example
 * variance([2, 4, 4, 4, 5, 5, 7, 9]) // 4.571428… (32 / 7)
 */
export function variance(xs: readonly number[]): number {
  requireValues('variance', xs)
  if (xs.length === 1) return 0
  const m = mean(xs)
  let ss = 0
  // Two-pass sum of squared deviations: stable where the one-pass formula cancels.
  for (const x of xs) ss += (x - m) ** 2
  return ss / (xs.length - 1)
}

/**
 * Standard error of the mean, √(variance / n); 0 for a single value.
 * Throws `StatsError` on an empty array.
 *
 * @example
 * standardError([2, 4, 4, 4, 5, 5, 7, 9]) // 0.7559… (√(32/7/8))
 */
export function standardError(xs: readonly number[]): number {
  requireValues('standardError', xs)
  return Math.sqrt(variance(xs) / xs.length)
}
