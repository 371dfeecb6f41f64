import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64'
import { uniformInt } from 'pure-rand/distribution/uniformInt'
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus'
import { StatsError } from '../errors.ts'

const MASK64 = (1n << 64n) - 1n

/**
 * Mixes a seed with splitmix64's finaliser (Steele, Lea & Flood 2014, the
 * seeding routine recommended for the xoshiro family) and keeps 32 bits:
 * nearby seeds (`seed`, `seed + 1`) give unrelated generator states.
 *
 * @example
 * mixSeed(0) // 0xe220a839 as a signed 32-bit integer
 */
export function mixSeed(seed: number): number {
  // Fractional and out-of-range seeds are folded deterministically, as before.
  let z = (BigInt.asUintN(64, BigInt(Math.trunc(seed))) + 0x9e3779b97f4a7c15n) & MASK64
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64
  z ^= z >> 31n
  return Number(BigInt.asIntN(32, z >> 32n))
}

/**
 * Creates a seeded pseudo-random source of uniform numbers in [0, 1)
 * (xoroshiro128+ from `pure-rand`, 53 bits per draw, seeded through
 * {@link mixSeed} so that `createRng(s)` and `createRng(s + 1)` are
 * independent streams). The same seed always gives the same sequence, on
 * every platform.
 *
 * @example
 * const rng = createRng(42)
 * const u = rng() // 0 <= u < 1, the same on every run
 */
export function createRng(seed: number): () => number {
  if (!Number.isFinite(seed)) throw new StatsError(`createRng needs a finite seed, got ${String(seed)}`, { component: 'stats' })
  const gen = xoroshiro128plus(mixSeed(seed))
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
  if (!Number.isFinite(seed)) throw new StatsError(`createIndexRng needs a finite seed, got ${String(seed)}`, { component: 'stats' })
  const gen = xoroshiro128plus(mixSeed(seed))
  return (n: number) => uniformInt(gen, 0, n - 1)
}
