import { describe, expect, it } from 'vitest'
import { MetricError } from '../errors.ts'
import { top1 } from './top1.ts'

describe('metrics.top1', () => {
  it('is 1 exactly when the winner changed', () => {
    const m = top1()
    expect(m.compute(['gpt', 'llama', 'qwen'], ['gpt', 'qwen', 'llama'])).toBe(0)
    expect(m.compute(['gpt', 'llama'], ['llama', 'gpt'])).toBe(1)
    expect(m.compute({ a: 0.7, b: 0.9 }, ['b', 'a'])).toBe(0)
    // Winners may be new ids: no id-set check for top1.
    expect(m.compute(['a', 'b'], ['c'])).toBe(1)
  })

  it('treats a tie for first place as a set of winners', () => {
    const m = top1()
    expect(m.compute({ a: 0.9, b: 0.9, c: 0.1 }, { b: 0.8, a: 0.8, c: 0.5 })).toBe(0)
    expect(m.compute({ a: 0.9, b: 0.9 }, { a: 0.9, b: 0.8 })).toBe(1)
    expect(m.details!({ a: 0.9, b: 0.9 }, { a: 0.9, b: 0.8 }).note).toBe('winner a = b -> a')
  })

  it('selects the ranking from a larger output by function or dot path', () => {
    const byFn = top1<{ ranking: string[] }>({ select: (o) => o.ranking })
    expect(byFn.compute({ ranking: ['a', 'b'] }, { ranking: ['b', 'a'] })).toBe(1)
    const byPath = top1<{ board: { scores: Record<string, number> } }>({ select: 'board.scores' })
    expect(byPath.compute({ board: { scores: { a: 1, b: 2 } } }, { board: { scores: { a: 1, b: 3 } } })).toBe(0)
    expect(() => byPath.compute({ board: {} } as never, { board: { scores: {} } })).toThrow(/no value at select path "board.scores"/)
  })

  it('gives 0 for two empty rankings and reports the change', () => {
    const m = top1()
    expect(m.compute([], [])).toBe(0)
    expect(m.compute([], ['a'])).toBe(1)
    expect(m.details!(['a', 'b'], ['b', 'a'])).toEqual({ changed: ['a', 'b'], note: 'winner a -> b' })
    expect(m.details!([], ['a']).note).toBe('winner (none) -> a')
  })

  it('throws MetricError on values that are not rankings', () => {
    expect(() => top1().compute(5 as never, ['a'])).toThrow(MetricError)
  })
})
