import { describe, expect, it } from 'vitest'
import { PipelineDefinitionError } from '../errors.ts'
import { parseJudgement } from './parse.ts'
import { describeScale, normalizeScore, resolveScale } from './scale.ts'

const five = resolveScale([1, 5], 'test')
const passFail = resolveScale({ labels: { pass: 1, fail: 0, 'not relevant': 0 } }, 'test')

describe('parseJudgement on a range scale', () => {
  it.each([
    ['{"score": 4, "reason": "clear and correct"}', 4, 'clear and correct'],
    ['Sure! ```json\n{"reason": "partly wrong", "score": "2"}\n```', 2, 'partly wrong'],
    ['{"Rating": "3/5", "Explanation": "ok"}', 3, 'ok'],
    ['Score: 5\nThe answer is exact.', 5, 'The answer is exact.'],
    ['**Score**: 2 — misses the date', 2, 'misses the date'],
    ['My rating is 3 out of 5 because it rambles.', 3, 'because it rambles.'],
    ['I would give it 4/5. Good but terse.', 4, 'Good but terse.'],
    [' 3. Mostly correct.', 3, 'Mostly correct.'],
    ['4', 4, ''],
    ['2.5 - half right', 2.5, 'half right'],
  ])('reads %j', (text, score, reason) => {
    expect(parseJudgement(text, five)).toEqual({ status: 'scored', score, reason })
  })

  it.each([
    ['', /empty/],
    ['   \n', /empty/],
    ['I cannot judge this.', /no score found in the answer "I cannot judge this\."/],
    ['Score: 7', /gives 7, outside the scale 1\.\.5/],
    ['{"score": 0, "reason": "bad"}', /gives 0, outside the scale 1\.\.5/],
    ['Score: 8/10', /8\/10, which is not on the scale 1\.\.5/],
    ['{"score": "great"}', /JSON score "great" is not on the scale/],
    ['Once upon a time there was a dog named 3.', /no score found/],
  ])('leaves %j unparsed with the reason', (text, why) => {
    const parsed = parseJudgement(text, five)
    expect(parsed.status).toBe('unparsed')
    expect(parsed.status === 'unparsed' && parsed.why).toMatch(why)
  })

  it('does not read a percentage at the start as a score', () => {
    expect(parseJudgement('40% of the facts are right', five).status).toBe('unparsed')
  })
})

describe('parseJudgement on a labelled scale', () => {
  it('takes the earliest label, whole words only, the longer label first at one place', () => {
    expect(parseJudgement('PASS: it cites the source', passFail)).toEqual({ status: 'scored', score: 1, reason: 'it cites the source' })
    expect(parseJudgement('Verdict: not relevant, then pass', passFail)).toEqual({ status: 'scored', score: 0, reason: 'then pass' })
    expect(parseJudgement('passable? no. fail.', passFail)).toMatchObject({ status: 'scored', score: 0 })
    expect(parseJudgement('{"verdict": "Pass", "reason": "fine"}', passFail)).toEqual({ status: 'scored', score: 1, reason: 'fine' })
    expect(parseJudgement('{"score": 1}', passFail)).toMatchObject({ status: 'scored', score: 1 })
    expect(parseJudgement('Score: 0.5', passFail)).toMatchObject({ status: 'unparsed' })
    expect(parseJudgement('passable', passFail).status).toBe('unparsed')
  })
})

describe('scales', () => {
  it('normalizes onto 0..1 and states the scale in words', () => {
    expect(normalizeScore(4, five)).toBe(0.75)
    expect(normalizeScore(0, passFail)).toBe(0)
    expect(describeScale(five)).toBe('The score is a number from 1 (worst) to 5 (best).')
    expect(describeScale(resolveScale({ labels: { bad: 0, good: 2, ok: 1 } }, 't'))).toBe('The score is one of these words: good, ok, bad (best first).')
  })

  it.each([
    [[5, 1]], [[1, 1]], [[1, Number.NaN]], [[1, 2, 3]], [{ labels: { only: 1 } }], [{ labels: { a: 1, b: 1 } }], [{ labels: { '': 0, b: 1 } }],
  ])('rejects the malformed scale %j', (scale) => {
    expect(() => resolveScale(scale as never, 'judge({ model: "m" })')).toThrow(PipelineDefinitionError)
    expect(() => resolveScale(scale as never, 'judge({ model: "m" })')).toThrow(/\[judge\] judge\(\{ model: "m" \}\): scale/)
  })
})
