import { describe, expect, it } from 'vitest'
import { MetricError } from '../errors.ts'
import { setShift } from './set-shift.ts'

describe('metrics.setShift', () => {
  it('is 1 − Jaccard of the item ids', () => {
    const m = setShift({ key: 'id' })
    // {a, b} vs {b, c}: intersection 1, union 3.
    expect(m.compute([{ id: 'a', v: 1 }, { id: 'b' }], [{ id: 'b', v: 9 }, { id: 'c' }])).toBeCloseTo(2 / 3, 12)
    // Order and value changes of matched items do not count.
    expect(m.compute([{ id: 'a', v: 1 }, { id: 'b' }], [{ id: 'b' }, { id: 'a', v: 2 }])).toBe(0)
    expect(m.compute([{ id: 'a' }], [{ id: 'x' }])).toBe(1)
  })

  it('matches by stable serialisation without a key', () => {
    const m = setShift()
    expect(m.compute(['x', 'y', 'z', 'w'], ['y', 'x', 'z', 'q'])).toBeCloseTo(2 / 5, 12)
    expect(m.compute([{ a: 1, b: 2 }], [{ b: 2, a: 1 }])).toBe(0)
    // Duplicates collapse: sets, not bags.
    expect(m.compute(['a', 'a', 'b'], ['a', 'b'])).toBe(0)
  })

  it('gives 0 for two empty sets and 1 against an empty set', () => {
    const m = setShift({ key: 'id' })
    expect(m.compute([], [])).toBe(0)
    expect(m.compute([], [{ id: 'a' }])).toBe(1)
  })

  it('lists removed and added ids in details()', () => {
    const d = setShift({ key: 'id' }).details!([{ id: 'a' }, { id: 'b' }], [{ id: 'b' }, { id: 'c' }, { id: 'd' }])
    expect(d).toEqual({ changed: ['-a', '+c', '+d'], note: '1 removed, 2 added' })
  })

  it('throws MetricError on non-arrays and items without the key', () => {
    const m = setShift({ key: 'id' })
    expect(() => m.compute({} as never, [])).toThrow(/base value is an object, not an array/)
    expect(() => m.compute([{ id: 'a' }], [{ name: 'b' }])).toThrow(/variant item 0 has no "id" field/)
    expect(() => m.compute([], [null])).toThrow(MetricError)
  })
})
