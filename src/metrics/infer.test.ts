import { describe, expect, it } from 'vitest'
import { inferMetric } from './infer.ts'

describe('inferMetric', () => {
  it('chooses a metric from the shape of the output', () => {
    expect(inferMetric(0.73).name).toBe('numeric')
    expect(inferMetric('some text').name).toBe('text')
    expect(inferMetric(true).name).toBe('exact')
    expect(inferMetric(null).name).toBe('exact')
    expect(inferMetric(['gpt', 'llama', 'qwen']).name).toBe('kendallTau')
    expect(inferMetric([3, 1, 2]).name).toBe('kendallTau')
    expect(inferMetric({ gpt: 0.8, llama: 0.7 }).name).toBe('numericRecord')
    expect(inferMetric([{ id: 'f1', value: 3 }]).name).toBe('jsonDiff')
    expect(inferMetric({ facts: [], source: 'x' }).name).toBe('jsonDiff')
    expect(inferMetric([0.1, 0.5, 0.1]).name).toBe('jsonDiff')
    expect(inferMetric(['a', 'a']).name).toBe('jsonDiff')
    expect(inferMetric([]).name).toBe('jsonDiff')
  })

  it('measures id lists whose members change instead of rejecting them', () => {
    const m = inferMetric([0, 1, 2, 3])
    expect(m.compute([0, 1, 2, 3], [0, 1, 2, 3])).toBe(0)
    expect(m.compute([0, 1, 2, 3], [0, 1])).toBeGreaterThan(0)
    expect(() => inferMetric({ a: 0.9, b: 0.4 }).compute({ a: 0.9, b: 0.4 }, { a: 0.9, c: 0.95 })).toThrow('[metrics] numericRecord: key "c" is in the variant but not in the base')
  })

  it('measures the values of a record of numbers, naming the key that moved most (not a ranking metric)', () => {
    const m = inferMetric({ a: 0.7, b: 0.3 })
    expect(m.compute({ a: 0.7, b: 0.3 }, { a: 1.2, b: 0.3 })).toBeCloseTo(0.5, 12)
    expect(m.compute({ a: 0.2238, b: 0.1 }, { a: 0.2152, b: 0.1 })).toBeCloseTo(0.0086, 12)
    expect(m.details!({ a: 0.7, b: 0.3 }, { a: 1.2, b: 0.2 })).toEqual({ changed: ['a', 'b'], note: 'a: 0.7 -> 1.2 (largest of 2 keys that moved)' })
  })

  it('keys arrays of objects by id, so value changes of a matched item count', () => {
    const m = inferMetric([{ id: 'f1', value: 3 }, { id: 'f2', value: 4 }])
    expect(m.compute([{ id: 'f1', value: 3 }, { id: 'f2', value: 4 }], [{ id: 'f2', value: 4 }, { id: 'f1', value: 3 }])).toBe(0)
    expect(m.compute([{ id: 'f1', value: 3 }, { id: 'f2', value: 4 }], [{ id: 'f2', value: 4 }, { id: 'f1', value: 5 }])).toBe(0.25)
  })
})
