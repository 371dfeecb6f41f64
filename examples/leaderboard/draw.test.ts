import { describe, expect, it } from 'vitest'
import { drawIndices } from './draw.ts'

describe('drawIndices', () => {
  it('draws k distinct sorted indices, the same for the same seed', () => {
    const a = drawIndices(1000, 50, 42)
    expect(a).toHaveLength(50)
    expect(new Set(a).size).toBe(50)
    expect(a).toEqual([...a].sort((x, y) => x - y))
    expect(a.every((i) => i >= 0 && i < 1000)).toBe(true)
    expect(drawIndices(1000, 50, 42)).toEqual(a)
    expect(drawIndices(1000, 50, 43)).not.toEqual(a)
    expect(drawIndices(5, 5, 1)).toEqual([0, 1, 2, 3, 4])
  })

  it('is uniform: every index is drawn about k/n of the time', () => {
    const n = 20
    const counts = new Array<number>(n).fill(0)
    const draws = 4000
    for (let s = 0; s < draws; s++) for (const i of drawIndices(n, 5, s * 7919 + 1)) counts[i]!++
    const expected = (draws * 5) / n // 1000, binomial sd ≈ 27
    for (const c of counts) expect(Math.abs(c - expected)).toBeLessThan(120)
  })

  it('rejects impossible draws', () => {
    expect(() => drawIndices(3, 4, 1)).toThrow(/cannot draw 4 distinct items from 3/)
    expect(() => drawIndices(3, 0, 1)).toThrow(RangeError)
  })
})
