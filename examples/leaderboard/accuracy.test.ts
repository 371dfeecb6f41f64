import { describe, expect, it } from 'vitest'
import { accuracyByModel } from './accuracy.ts'
import type { PredictionMatrix } from './mmlu-data.ts'

const matrix: PredictionMatrix = {
  variant: 'released',
  questionIds: [1, 2, 3, 4],
  nOptions: [4, 10, 3, 4],
  outcomes: { a: '10?-', b: '?0?1', c: '1111' },
}

describe('accuracyByModel', () => {
  it('scores correct 1, unparsable 1/n_options, wrong 0, and skips missing items', () => {
    const acc = accuracyByModel(matrix, null, 'random-guess')
    expect(acc.a).toBeCloseTo((1 + 0 + 1 / 3) / 3, 12)
    expect(acc.b).toBeCloseTo((1 / 4 + 0 + 1 / 3 + 1) / 4, 12)
    expect(acc.c).toBe(1)
  })

  it('counts unparsable answers as wrong when asked', () => {
    expect(accuracyByModel(matrix, null, 'wrong')).toEqual({ a: 1 / 3, b: 1 / 4, c: 1 })
  })

  it('scores only the selected items', () => {
    expect(accuracyByModel(matrix, [0, 3], 'wrong')).toEqual({ a: 1, b: 0.5, c: 1 })
  })

  it('keeps equal scores exactly equal, so ties stay ties (summing 1/7 seven times in floats gives 0.9999999999999998)', () => {
    const tie: PredictionMatrix = { variant: 'released', questionIds: [1, 2, 3, 4, 5, 6, 7], nOptions: [7, 7, 7, 7, 7, 7, 7], outcomes: { x: '???????', y: '1000000' } }
    const t = accuracyByModel(tie, null, 'random-guess')
    expect(t.x).toBe(t.y)
    expect(t.x).toBe(1 / 7)
  })

  it('throws for a model with no scored item or an out-of-range index', () => {
    expect(() => accuracyByModel(matrix, [3], 'wrong')).toThrow(/model a answered none of the 1 selected items/)
    expect(() => accuracyByModel(matrix, [9], 'wrong')).toThrow(/item index 9 is outside/)
  })
})
