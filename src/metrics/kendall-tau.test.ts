import { describe, expect, it } from 'vitest'
import { MetricError } from '../errors.ts'
import { kendallTau } from './kendall-tau.ts'

describe('metrics.kendallTau', () => {
  const m = kendallTau()

  it('is 1 − τ_b between arrays of ids (best first)', () => {
    expect(m.compute(['a', 'b', 'c'], ['a', 'b', 'c'])).toBe(0)
    // One discordant pair of three: τ = 1/3.
    expect(m.compute(['a', 'b', 'c'], ['a', 'c', 'b'])).toBeCloseTo(2 / 3, 12)
    expect(m.compute(['a', 'b', 'c', 'd'], ['d', 'c', 'b', 'a'])).toBe(2)
    // Same order as the stats test: positions 1..5 vs 3,4,1,2,5 → τ = 0.2.
    expect(m.compute(['p', 'q', 'r', 's', 't'], ['r', 's', 'p', 'q', 't'])).toBeCloseTo(0.8, 12)
  })

  it('accepts records id → score (higher is better) with ties, and mixes with arrays', () => {
    // Scores with ties, the tie example of kendallTauB: τ_b = −0.4714.
    const base = { a: 12, b: 2, c: 1, d: 12, e: 2 }
    const variant = { a: 1, b: 4, c: 7, d: 1, e: 0 }
    expect(m.compute(base, variant)).toBeCloseTo(1 + 0.47140452079103173, 12)
    expect(m.compute({ a: 0.9, b: 0.5, c: 0.1 }, ['a', 'b', 'c'])).toBe(0)
    // Key order of the record does not matter, only scores.
    expect(m.compute({ b: 0.5, a: 0.9 }, { a: 0.8, b: 0.7 })).toBe(0)
  })

  it('handles degenerate rankings without NaN', () => {
    expect(m.compute([], [])).toBe(0)
    expect(m.compute(['a'], ['a'])).toBe(0)
    expect(m.compute({ a: 1, b: 1 }, { a: 2, b: 2 })).toBe(0)
    expect(m.compute({ a: 1, b: 1 }, { a: 2, b: 1 })).toBe(1)
  })

  it('names the missing ids when the rankings differ', () => {
    expect(() => m.compute(['a', 'b', 'c'], ['a', 'b', 'd'])).toThrow(MetricError)
    expect(() => m.compute(['a', 'b', 'c'], ['a', 'b', 'd'])).toThrow(/missing in the variant: "c"; missing in the base: "d"/)
    expect(() => m.compute([], ['a'])).toThrow(/missing in the base: "a"/)
  })

  it("with { missing: 'bottom' } ranks absent ids tied last instead of throwing", () => {
    const m2 = kendallTau({ missing: 'bottom' })
    // c was last and is now unranked (tied last): same order.
    expect(m2.compute(['a', 'b', 'c'], ['a', 'b'])).toBe(0)
    // Base [0..3] vs [0, 1]: ids 2 and 3 tie last in the variant. 5 concordant pairs, 1 tie in y:
    // τ_b = 5 / √(6·5) → distance 1 − √(5/6).
    expect(m2.compute([0, 1, 2, 3], [0, 1])).toBeCloseTo(1 - Math.sqrt(5 / 6), 12)
    // Disjoint ids: each side ranks its own ids above the other's → reversed blocks.
    expect(m2.compute(['a', 'b'], ['c', 'd'])).toBeGreaterThan(1)
    expect(m2.compute(['a', 'b', 'c'], ['a', 'b', 'c'])).toBe(0)
    expect(m2.details!(['a', 'b', 'c'], ['a', 'd'])).toEqual({ changed: ['-b', '-c', '+d'], note: '2 id(s) no longer ranked, 1 newly ranked' })
    expect(m2.details!(['a', 'b'], ['b', 'a']).changed).toEqual(['a', 'b'])
  })

  it('rejects values that are not rankings', () => {
    expect(() => m.compute('abc' as never, ['a'])).toThrow(/base value is a string, not a ranking/)
    expect(() => m.compute(['a', 'a'], ['a'])).toThrow(/lists id "a" twice/)
    expect(() => m.compute({ a: 'x' } as never, { a: 1 })).toThrow(/score x/)
    expect(() => m.compute([{ id: 'a' }] as never, ['a'])).toThrow(/an object at index 0/)
  })

  it('lists the ids by how far they moved', () => {
    const d = m.details!(['a', 'b', 'c', 'd', 'e'], ['e', 'a', 'b', 'c', 'd'])
    expect(d.changed[0]).toBe('e')
    expect(d.changed).toHaveLength(5)
    expect(d.note).toBe('largest move: e 5 -> 1 (4 places); 5 id(s) moved')
    expect(m.details!(['a', 'b'], ['a', 'b'])).toEqual({ changed: [], note: 'no rank changed' })
  })
})
