import { describe, expect, it } from 'vitest'
import { ButterflyError } from '../errors.ts'
import type { DriftNumbers } from './tolerance.ts'
import { judge, resolveTolerance } from './tolerance.ts'

const drift = (values: number[], ci: [number, number], excess: number[] = values.map(() => 0), excessCi: [number, number] = [0, 0]): DriftNumbers => ({
  values, mean: values.reduce((a, b) => a + b, 0) / values.length, ci,
  excess: { values: excess, mean: excess.reduce((a, b) => a + b, 0) / Math.max(1, excess.length), ci: excessCi },
})

describe('resolveTolerance', () => {
  it("defaults to statistic 'max' on the raw drift", () => {
    expect(resolveTolerance({ tolerance: 0 }, 't')).toEqual({ value: 0, statistic: 'max', excess: false })
  })

  it('turns confidence into an upper-bound claim on the mean', () => {
    expect(resolveTolerance({ tolerance: 0.1, confidence: 0.9, excess: true }, 't')).toEqual({ value: 0.1, statistic: 'upper-ci', confidence: 0.9, excess: true })
  })

  it('rejects misuse, naming the option', () => {
    expect(() => resolveTolerance({ tolerance: -1 }, 't')).toThrow(/"tolerance" must be a finite number ≥ 0, got -1/)
    expect(() => resolveTolerance({ tolerance: 0, confidence: 1.5 }, 't')).toThrow(/"confidence" must be in \(0, 1\)/)
    expect(() => resolveTolerance({ tolerance: 0, confidence: 0.95, statistic: 'max' }, 't')).toThrow(ButterflyError)
    expect(() => resolveTolerance({ tolerance: 0, statistic: 'median' as 'max' }, 't')).toThrow(/"statistic" must be 'max' or 'mean'/)
  })
})

describe('judge', () => {
  it("'max' fails when any single paired value exceeds the tolerance, even if the mean is within", () => {
    const d = drift([0, 0, 0, 0, 0.3], [0, 0.18])
    expect(judge(d, resolveTolerance({ tolerance: 0.1 }, 't'))).toEqual({ observed: 0.3, pass: false })
    expect(judge(d, resolveTolerance({ tolerance: 0.1, statistic: 'mean' }, 't'))).toMatchObject({ observed: 0.06, pass: true })
  })

  it('accepts floating-point noise at the tolerance', () => {
    expect(judge(drift([0.1 + 0.2], [0.3, 0.3]), resolveTolerance({ tolerance: 0.3 }, 't')).pass).toBe(true)
  })

  it('compares the paired excess over the noise floor when asked', () => {
    const d = drift([0.5, 0.5, 0.5], [0.5, 0.5], [0, 0.1, 0], [0, 0.067])
    expect(judge(d, resolveTolerance({ tolerance: 0.05 }, 't')).pass).toBe(false)
    expect(judge(d, resolveTolerance({ tolerance: 0.05, excess: true }, 't'))).toEqual({ observed: 0.1, pass: false })
    expect(judge(d, resolveTolerance({ tolerance: 0.05, excess: true, statistic: 'mean' }, 't')).pass).toBe(true)
  })

  it('uses the exact binomial bound for 0/1 drift and says when the repeats can never suffice', () => {
    const v = judge(drift([0, 0, 0, 0, 0], [0, 0]), resolveTolerance({ tolerance: 0.1, confidence: 0.95 }, 't'))
    expect(v.pass).toBe(false)
    expect(v.observed).toBeCloseTo(0.5218, 4)
    expect(v.observedNote).toBe('exact 95% binomial upper bound: 0 of 5 pairs changed')
    expect(v.tooFew).toContain('with 5 repeats the 95% upper bound of a 0/1 drift is at least 0.522')
    expect(v.tooFew).toContain('it needs at least 36 repeats')

    const enough = judge(drift(Array(36).fill(0), [0, 0]), resolveTolerance({ tolerance: 0.1, confidence: 0.95 }, 't'))
    expect(enough).toMatchObject({ pass: true })
    expect(enough.tooFew).toBeUndefined()

    const zero = judge(drift([0, 0, 0], [0, 0]), resolveTolerance({ tolerance: 0, confidence: 0.95 }, 't'))
    expect(zero.tooFew).toContain("a tolerance of 0 can never be claimed at 95% confidence")

    expect(judge(drift([1], [1, 1]), resolveTolerance({ tolerance: 0.1, confidence: 0.95 }, 't')).observedNote)
      .toBe('exact 95% binomial upper bound: 1 of 1 pair changed')
  })

  it('uses the bootstrap upper bound for continuous drift, and needs two values for it', () => {
    const v = judge(drift([0.01, 0.03, 0.02], [0.01, 0.03]), resolveTolerance({ tolerance: 0.025, confidence: 0.95 }, 't'))
    expect(v).toMatchObject({ observed: 0.03, pass: false })
    expect(v.observedNote).toContain('bootstrap')
    const one = judge(drift([0.01], [0.01, 0.01]), resolveTolerance({ tolerance: 0.025, confidence: 0.95 }, 't'))
    expect(one).toMatchObject({ pass: false, tooFew: 'a 95% confidence interval needs at least 2 repeats, got 1' })
  })
})
