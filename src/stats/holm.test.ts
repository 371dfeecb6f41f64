import { describe, expect, it } from 'vitest'
import { StatsError } from '../errors.ts'
import { holmAdjust } from './holm.ts'

describe('holmAdjust', () => {
  it('matches a hand computation (as R p.adjust(p, "holm"))', () => {
    // Sorted: 0.005·4 = 0.02, 0.01·3 = 0.03, 0.03·2 = 0.06, 0.04·1 = 0.04 → monotone max 0.06.
    const adjusted = holmAdjust([0.01, 0.04, 0.03, 0.005])
    expect(adjusted.map((p) => Number(p.toFixed(10)))).toEqual([0.03, 0.06, 0.06, 0.02])
  })

  it('caps at 1, keeps a single p-value and handles none', () => {
    expect(holmAdjust([0.5, 0.6])).toEqual([1, 1])
    expect(holmAdjust([0.2])).toEqual([0.2])
    expect(holmAdjust([])).toEqual([])
  })

  it('rejects values outside [0, 1]', () => {
    expect(() => holmAdjust([0.1, 1.2])).toThrow(StatsError)
    expect(() => holmAdjust([Number.NaN])).toThrow(/index 0/)
  })
})
