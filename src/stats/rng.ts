import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64'
import { uniformInt } from 'pure-rand/distribution/uniformInt'
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus'
import { StatsError } from '../errors.ts'

/**
 * Creates a seeded pseudo-random source of uniform numbers in [0, 1)
 * (xoroshiro128+ from `pure-rand`, 53 bits per draw). The same seed always
 * gives the same sequence, on every platform.
 *
 * @example
 * const rng = createRng(42)
 * const u = rng() // 0 <= u < 1, the same on every run
 */
export function createRng(seed: number): () => number {
  if (!Number.isFinite(seed)) throw new StatsError(`[stats] createRng needs a finite seed, got ${String(seed)}`)
  // pure-rand seeds from a 32-bit integer; fold larger or fractional seeds into one deterministically.
  const gen = xoroshiro128plus(Math.trunc(seed) | 0)
  return () => uniformFloat64(gen)
}

/**
 * Creates a seeded source of uniform integers in [0, n), without modulo bias.
 * Used for bootstrap resampling.
 *
 * @example
 * const pick = createIndexRng(7)
 * const i = pick(10) // 0..9
 */
export function createIndexRng(seed: number): (n: number) => number {
  if (!Number.isFinite(seed)) throw new StatsError(`[stats] createIndexRng needs a finite seed, got ${String(seed)}`)
  const gen = xoroshiro128plus(Math.trunc(seed) | 0)
  return (n: number) => uniformInt(gen, 0, n - 1)
}
