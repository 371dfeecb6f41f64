import { describe, expect, it } from 'vitest'
import { classShift, idShift } from './shift.ts'

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

describe('classShift', () => {
  const base = [{ id: 't1', class: 'table' }, { id: 't2', class: 'table' }, { id: 'p1', class: 'prose' }]
  const variant = [{ id: 't1', class: 'table' }, { id: 't3', class: 'table' }, { id: 'p1', class: 'prose' }]

  it('measures one class only, or everything', () => {
    expect(classShift('table').compute(base, variant)).toBeCloseTo(2 / 3)
    expect(classShift('prose').compute(base, variant)).toBe(0)
    expect(classShift().compute(base, variant)).toBeCloseTo(2 / 4)
    expect(classShift('layout').compute(base, variant)).toBe(0)
  })

  it('names the ids that moved', () => {
    expect(classShift('table').details!(base, variant).changed).toEqual(['-t2', '+t3'])
  })
})
