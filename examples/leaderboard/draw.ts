import { uniformInt } from 'pure-rand/distribution/uniformInt'
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus'

/**
 * Draws `k` distinct indices of `0..n-1` uniformly (a partial Fisher-Yates
 * shuffle on a seeded xoroshiro128+), returned sorted. The same seed gives the
 * same draw on every platform.
 *
 * @example
 * drawIndices(12_002, 100, ctx.seed) // 100 sorted item indices
 */
export function drawIndices(n: number, k: number, seed: number): number[] {
  if (!Number.isInteger(k) || k < 1 || k > n) throw new RangeError(`cannot draw ${k} distinct items from ${n}`)
  const gen = xoroshiro128plus(Math.trunc(seed) | 0)
  const pool = Array.from({ length: n }, (_, i) => i)
  for (let i = 0; i < k; i++) {
    const j = uniformInt(gen, i, n - 1)
    const t = pool[i]!
    pool[i] = pool[j]!
    pool[j] = t
  }
  return pool.slice(0, k).sort((a, b) => a - b)
}
