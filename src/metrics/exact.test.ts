import { describe, expect, it } from 'vitest'
import { exact } from './exact.ts'

describe('metrics.exact', () => {
  const m = exact()
  it('ignores object key order and compares everything else', () => {
    expect(m.compute({ a: 1, b: [1, 2] }, { b: [1, 2], a: 1 })).toBe(0)
    expect(m.compute({ a: 1, b: [1, 2] }, { a: 1, b: [2, 1] })).toBe(1)
    expect(m.compute('yes', 'yes')).toBe(0)
    expect(m.compute(1, '1')).toBe(1)
    expect(m.compute(null, null)).toBe(0)
    expect(m.compute([], [])).toBe(0)
    expect(m.compute([], {})).toBe(1)
  })
})
