import { describe, expect, it } from 'vitest'
import { competitionRanks, rankMoves, toScores } from './ranking.ts'

describe('rankings', () => {
  it('turns arrays into scores with the first id highest', () => {
    expect([...toScores('t', 'base', ['x', 'y', 3])]).toEqual([['x', 3], ['y', 2], ['3', 1]])
  })

  it('gives tied ids the best of their places (competition ranking)', () => {
    expect(Object.fromEntries(competitionRanks(toScores('t', 'base', { a: 0.9, b: 0.7, c: 0.7, d: 0.1 })))).toEqual({ a: 1, b: 2, c: 2, d: 4 })
  })

  it('lists rank moves, largest first', () => {
    expect(rankMoves(['a', 'b', 'c'], ['c', 'a', 'b'])).toEqual([
      { id: 'c', from: 3, to: 1, shift: -2 },
      { id: 'a', from: 1, to: 2, shift: 1 },
      { id: 'b', from: 2, to: 3, shift: 1 },
    ])
    expect(() => rankMoves(['a'], ['b'])).toThrow(/missing in the variant: "a"/)
  })
})
