import { describe, expect, it } from 'vitest'
import { stableStringify } from '../core/hash.ts'
import { toJsonValue } from './format.ts'
import { isJsonForm } from './json-form.ts'

describe('isJsonForm', () => {
  it('accepts what a sorted-key JSON round trip gives, integer keys first as JavaScript orders them', () => {
    const values = [null, true, 'x', 0, 1.5, [], {}, { a: [1, { b: null, c: 'd' }] }, { 10: 'x', 9: 'y', a: 1 }, JSON.parse('{"b":1,"a":2}')]
    for (const value of values) {
      const json = toJsonValue(value)
      expect(isJsonForm(json)).toBe(true)
      if (isJsonForm(value)) {
        // Then the value is its own JSON form, key order included.
        expect(JSON.stringify(value)).toBe(JSON.stringify(json))
      }
    }
    expect(values.filter(isJsonForm)).toHaveLength(values.length - 1)
  })

  it('rejects anything a round trip would change', () => {
    const sparse: unknown[] = []
    sparse[1] = 1
    const cases: unknown[] = [
      undefined, Number.NaN, Infinity, -0, 1n, () => 1, Symbol('s'),
      { b: 1, a: 2 }, { a: undefined }, [undefined], sparse, new Date(0), new Map(), { toJSON: () => 1 },
      { nested: { z: 1, y: 2 } }, Object.assign(Object.create({ inherited: 1 }) as object, { a: 1 }),
    ]
    for (const value of cases) expect(isJsonForm(value), String(stableStringify(value))).toBe(false)
  })
})
