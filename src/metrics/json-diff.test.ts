import { describe, expect, it } from 'vitest'
import { jsonDiff } from './json-diff.ts'

describe('metrics.jsonDiff', () => {
  const m = jsonDiff()

  it('matches arrays of objects by id, so reordering is no drift', () => {
    const base = { facts: [{ id: 'a', v: 1 }, { id: 'b', v: 2 }] }
    const variant = { facts: [{ id: 'b', v: 2 }, { id: 'a', v: 3 }] }
    // Four leaves (two ids, two values); only a's value changed.
    expect(m.compute(base, variant)).toBe(0.25)
    expect(m.details!(base, variant)).toEqual({ changed: ["$.facts[?(@.id=='a')].v"], note: '1 of 4 leaves changed' })
    // By index the same change touches every leaf.
    expect(jsonDiff({ keys: [] }).compute(base, variant)).toBe(1)
  })

  it('counts an added item by its leaves, out of the leaves of both outputs', () => {
    // Base has 2 leaves; the new item adds 3 (id, x, y): 3 changed of 5.
    const base = [{ id: 'a', v: 1 }]
    const variant = [{ id: 'a', v: 1 }, { id: 'c', v: { x: 1, y: 2 } }]
    expect(m.compute(base, variant)).toBeCloseTo(3 / 5, 12)
    expect(m.details!(base, variant).changed).toEqual(["$[?(@.id=='c')]"])
  })

  it('compares primitives, nested keyed arrays and arrays by index', () => {
    expect(m.compute(3, 4)).toBe(1)
    expect(m.compute('x', 'x')).toBe(0)
    expect(m.compute({ a: 1, b: 2 }, { a: 1 })).toBe(0.5)
    expect(m.compute({ a: [1, 2, 3] }, { a: [1, 3] })).toBeCloseTo(2 / 3, 12)
    expect(m.compute([[1, 2], [3]], [[1, 3], [3]])).toBeCloseTo(1 / 3, 12)
    const nested = (q: number) => ({ xs: [{ id: 'a', t: [{ id: 'z', q }] }] })
    expect(m.details!(nested(1), nested(2)).changed).toEqual(["$.xs[?(@.id=='a')].t[?(@.id=='z')].q"])
  })

  it('falls back to index matching when ids are duplicated, and uses the first key that fits', () => {
    expect(m.compute([{ id: 1, n: 1 }, { id: 1, n: 2 }], [{ id: 1, n: 2 }, { id: 1, n: 1 }])).toBe(0.5)
    const byName = jsonDiff({ keys: ['id', 'name'] })
    expect(byName.compute([{ name: 'x', v: 1 }, { name: 'y', v: 2 }], [{ name: 'y', v: 2 }, { name: 'x', v: 1 }])).toBe(0)
  })

  it('gives 0 for empty structures and 1 for a change of shape', () => {
    expect(m.compute({}, {})).toBe(0)
    expect(m.compute([], [])).toBe(0)
    expect(m.compute([], [1, 2])).toBe(1)
    expect(m.compute({ a: { b: 1 } }, { a: [1] })).toBe(1)
    expect(m.compute(null, { a: 1 })).toBe(1)
    expect(m.compute('x', 1)).toBe(1)
  })

  it('stays within [0, 1] and is 0 only for equal values', () => {
    const values: unknown[] = [{ a: 1 }, { a: 2, b: [1] }, [{ id: 'q', v: null }], 'text', 0, { a: { b: { c: [1, { d: 2 }] } } }]
    for (const a of values) {
      for (const b of values) {
        const d = m.compute(a, b)
        expect(d).toBeGreaterThanOrEqual(0)
        expect(d).toBeLessThanOrEqual(1)
        expect(d === 0).toBe(a === b)
      }
    }
  })
})

describe('jsonDiff pair reuse', () => {
  it('reuses the diff only for the same pair of outputs', () => {
    const m = jsonDiff()
    const base = { facts: [{ id: 'a', v: 1 }, { id: 'b', v: 2 }] }
    const one = { facts: [{ id: 'a', v: 9 }, { id: 'b', v: 2 }] }
    const other = { facts: [{ id: 'a', v: 1 }, { id: 'b', v: 7 }] }
    expect(m.compute(base, one)).toBe(0.25)
    expect(m.details!(base, one).changed).toEqual(["$.facts[?(@.id=='a')].v"])
    expect(m.details!(base, other).changed).toEqual(["$.facts[?(@.id=='b')].v"])
    expect(m.compute(base, base)).toBe(0)
  })
})
