import { describe, expect, it } from 'vitest'
import { StatsError } from '../errors.ts'
import { averageRanks, kendallTauB, kendallW } from './kendall.ts'

describe('kendallTauB', () => {
  it('matches a hand count without ties', () => {
    // Pairs: 6 concordant, 4 discordant out of 10 → τ = 0.2.
    expect(kendallTauB([1, 2, 3, 4, 5], [3, 4, 1, 2, 5])).toBeCloseTo(0.2, 12)
    expect(kendallTauB([1, 2, 3], [1, 2, 3])).toBe(1)
    expect(kendallTauB([1, 2, 3], [30, 20, 10])).toBe(-1)
  })

  it('matches the textbook value with ties (scipy.stats.kendalltau docs example)', () => {
    // C = 1, D = 6, ties in x: 2 pairs, in y: 1 pair, n0 = 10 → (1 − 6) / √(8·9) = −0.471404…
    expect(kendallTauB([12, 2, 1, 12, 2], [1, 4, 7, 1, 0])).toBeCloseTo(-0.47140452079103173, 12)
  })

  it('depends only on the order of values', () => {
    const x = [0.1, 0.5, 0.3, 0.9, 0.2]
    const y = [3, 1, 4, 1, 5]
    expect(kendallTauB(x.map((v) => v * 100 - 7), y.map(Math.exp))).toBeCloseTo(kendallTauB(x, y), 12)
  })

  it('rejects unequal lengths, fewer than two pairs and constant vectors', () => {
    expect(() => kendallTauB([1, 2], [1])).toThrow(/same length, got 2 and 1/)
    expect(() => kendallTauB([1], [1])).toThrow(StatsError)
    expect(() => kendallTauB([1, 1, 1], [1, 2, 3])).toThrow(/constant/)
  })
})

describe('averageRanks', () => {
  it('gives tied values the mean of their ranks and the tie term Σ(t³ − t)', () => {
    expect(averageRanks([10, 20, 20, 30])).toEqual({ ranks: [1, 2.5, 2.5, 4], tieTerm: 6 })
    expect(averageRanks([5, 5, 5])).toEqual({ ranks: [2, 2, 2], tieTerm: 24 })
  })
})

describe('kendallW', () => {
  it('is 1 for identical rankings and 0 for perfectly balanced disagreement', () => {
    expect(kendallW([[1, 2, 3], [1, 2, 3], [1, 2, 3]])).toBe(1)
    // Rank sums all equal (6, 6, 6) → S = 0.
    expect(kendallW([[1, 2, 3], [2, 3, 1], [3, 1, 2]])).toBe(0)
  })

  it('matches a hand computation without ties (m = 3 raters, n = 6 items)', () => {
    // Rank sums 8, 14, 11, 11, 11, 8; mean 10.5; S = 25.5; W = 12·25.5 / (9·210) = 306 / 1890.
    const w = kendallW([
      [1, 6, 3, 2, 5, 4],
      [1, 5, 6, 4, 2, 3],
      [6, 3, 2, 5, 4, 1],
    ])
    expect(w).toBeCloseTo(306 / 1890, 12)
  })

  it('applies the tie correction', () => {
    // Row 1 ties items 2 and 3 (ranks 2.5, 2.5): T = 2³ − 2 = 6. Rank sums: 3, 7.5, 7.5, 12 (m = 3, n = 4).
    // Mean 7.5, S = 20.25 + 0 + 0 + 20.25 = 40.5; W = 12·40.5 / (9·60 − 3·6) = 486 / 522.
    // Without the correction it would be 486 / 540 = 0.9.
    const w = kendallW([
      [1, 2, 2, 4],
      [1, 2, 3, 4],
      [1, 3, 2, 4],
    ])
    expect(w).toBeCloseTo(486 / 522, 12)
  })

  it('uses only the order within each row (scores work as well as ranks)', () => {
    const ranks = [
      [1, 6, 3, 2, 5, 4],
      [1, 5, 6, 4, 2, 3],
      [6, 3, 2, 5, 4, 1],
    ]
    const scores = ranks.map((row) => row.map((r) => r * 0.13 + 2))
    expect(kendallW(scores)).toBeCloseTo(kendallW(ranks), 12)
  })

  it('rejects ragged rows, too few raters or items', () => {
    expect(() => kendallW([[1, 2, 3]])).toThrow(/at least two rankings/)
    expect(() => kendallW([[1], [1]])).toThrow(/at least two items/)
    expect(() => kendallW([[1, 2, 3], [1, 2]])).toThrow(/ranking 1 has 2/)
    expect(() => kendallW([[1, 1], [2, 2]])).toThrow(StatsError)
  })
})
