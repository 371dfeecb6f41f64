import { describe, expect, it } from 'vitest'
import { MetricError } from '../errors.ts'
import { topK } from './top-k.ts'

describe('metrics.topK', () => {
  it('is the share of the top-k set that changed, ignoring order inside it', () => {
    expect(topK(2).compute(['a', 'b', 'c'], ['b', 'c', 'a'])).toBe(0.5)
    expect(topK(2).compute(['a', 'b', 'c'], ['b', 'a', 'c'])).toBe(0)
    expect(topK(3).compute(['a', 'b', 'c', 'd', 'e', 'f'], ['d', 'e', 'f', 'a', 'b', 'c'])).toBe(1)
    expect(topK(1).compute(['a', 'b'], ['b', 'a'])).toBe(1)
  })

  it('uses every item when k exceeds the ranking length', () => {
    expect(topK(10).compute(['a', 'b'], ['b', 'a'])).toBe(0)
    expect(topK(10).compute(['a', 'b'], ['a', 'c'])).toBe(0.5)
  })

  it('keeps all ids tied at place k', () => {
    // Base top-2: a (1), b and c tied at 2 → {a, b, c}; variant top-2: {a, b}. 1 − 2/3.
    expect(topK(2).compute({ a: 3, b: 2, c: 2, d: 1 }, { a: 3, b: 2, c: 1, d: 0 })).toBeCloseTo(1 / 3, 12)
  })

  it('gives 0 for two empty rankings and lists who left and entered', () => {
    expect(topK(3).compute([], [])).toBe(0)
    expect(topK(2).details!(['a', 'b', 'c'], ['c', 'b', 'a'])).toEqual({ changed: ['-a', '+c'], note: '1 left the top 2, 1 entered' })
  })

  it('rejects a bad k and non-rankings', () => {
    expect(() => topK(0)).toThrow(/k must be a positive integer, got 0/)
    expect(() => topK(1.5)).toThrow(MetricError)
    expect(() => topK(2).compute(['a'], 'a' as never)).toThrow(/variant value is a string/)
  })
})
