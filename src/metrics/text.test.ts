import { describe, expect, it } from 'vitest'
import { MetricError } from '../errors.ts'
import { text } from './text.ts'

describe('metrics.text', () => {
  const m = text()

  it('is the token Levenshtein distance over the longer length', () => {
    expect(m.compute('the cat sat', 'the dog sat')).toBeCloseTo(1 / 3, 12)
    // One deletion out of 4 tokens.
    expect(m.compute('a quick brown fox', 'a brown fox')).toBeCloseTo(1 / 4, 12)
    // kitten → sitting on tokens: 3 edits over 7.
    expect(m.compute('k i t t e n', 's i t t i n g')).toBeCloseTo(3 / 7, 12)
    expect(m.compute('one two', 'three four')).toBe(1)
  })

  it('ignores the amount of whitespace but not case', () => {
    expect(m.compute('  hello   world\n', 'hello world')).toBe(0)
    expect(m.compute('Hello world', 'hello world')).toBeCloseTo(1 / 2, 12)
  })

  it('gives 0 for two empty strings and 1 against an empty one', () => {
    expect(m.compute('', '   ')).toBe(0)
    expect(m.compute('', 'word')).toBe(1)
  })

  it('reports the number of token edits', () => {
    expect(m.details!('a b c', 'a x c d')).toEqual({ changed: ['$'], note: '2 token edit(s); 3 -> 4 tokens' })
  })

  it('throws MetricError on non-strings', () => {
    expect(() => m.compute(3 as never, 'x')).toThrow(MetricError)
    expect(() => m.compute('x', ['x'] as never)).toThrow(/variant value is an array of 1, not a string/)
  })
})
