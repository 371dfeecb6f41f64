import { describe, expect, it } from 'vitest'
import * as errors from './errors.ts'
import { ButterflyError, OptionsError, prefixed, StageError } from './errors.ts'

const classes = Object.entries(errors).filter(([, v]) => typeof v === 'function' && v.prototype instanceof Error) as [string, new (...args: never[]) => ButterflyError][]

describe('errors', () => {
  it('gives every class its own stable code, and its name', () => {
    expect(classes.length).toBeGreaterThanOrEqual(14)
    const codes = classes.map(([name, Class]) => {
      const error = name === 'StageError' || name === 'StageMisuseError'
        ? new (Class as unknown as typeof StageError)('s', 'm')
        : new (Class as unknown as typeof ButterflyError)('m')
      expect(error.name).toBe(name)
      expect(error.code).toMatch(/^BUTTERFLY_[A-Z_]+$/)
      return error.code
    })
    expect(new Set(codes).size).toBe(codes.length)
    expect(new OptionsError('x').code).toBe('BUTTERFLY_OPTIONS')
    expect(new OptionsError('x')).toBeInstanceOf(ButterflyError)
  })

  it('adds the [butterfly] prefix and the component once', () => {
    expect(new ButterflyError('plain').message).toBe('[butterfly] plain')
    expect(new ButterflyError('[butterfly] typed').message).toBe('[butterfly] typed')
    expect(new OptionsError('option "x" must be a number', { component: 'bench' }).message).toBe('[butterfly] [bench] option "x" must be a number')
    expect(prefixed('[bench] already', 'bench')).toBe('[butterfly] [bench] already')
    const cause = new Error('inner')
    expect(new ButterflyError('outer', { cause }).cause).toBe(cause)
    expect('cause' in new ButterflyError('no cause')).toBe(false)
  })
})
