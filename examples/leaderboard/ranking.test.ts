import { describe, expect, it } from 'vitest'
import { coBest, rankIds } from './ranking.ts'

describe('rankIds', () => {
  it('orders best first and breaks exact ties by id', () => {
    expect(rankIds({ b: 0.5, a: 0.5, c: 0.9, d: 0.1 })).toEqual(['c', 'a', 'b', 'd'])
    expect(rankIds({})).toEqual([])
  })
})

describe('coBest', () => {
  it('returns every id sharing the top score, sorted', () => {
    expect(coBest({ z: 0.9, a: 0.9, c: 0.1 })).toEqual(['a', 'z'])
    expect(coBest({ a: 0.2, b: 0.7 })).toEqual(['b'])
    expect(coBest({})).toEqual([])
  })
})
