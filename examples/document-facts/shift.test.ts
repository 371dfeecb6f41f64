import { describe, expect, it } from 'vitest'
import { idShift } from './shift.ts'

describe('idShift', () => {
  it('is 1 − Jaccard of the ids per group, groups sorted', () => {
    const a = [{ id: 'a', g: 'x' }, { id: 'b', g: 'x' }, { id: 'c', g: 'y' }]
    const b = [{ id: 'b', g: 'x' }, { id: 'd', g: 'x' }, { id: 'c', g: 'y' }]
    expect(idShift(a, b, (i) => i.g)).toEqual([
      { group: 'x', base: 2, variant: 2, shared: 1, shift: 1 - 1 / 3 },
      { group: 'y', base: 1, variant: 1, shared: 1, shift: 0 },
    ])
  })

  it('counts a group present in one run only as a full shift, and two empty runs as none', () => {
    expect(idShift([{ id: 'a' }], [], () => 'g')).toEqual([{ group: 'g', base: 1, variant: 0, shared: 0, shift: 1 }])
    expect(idShift([], [], () => 'g')).toEqual([])
  })
})
