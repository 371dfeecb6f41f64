import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { formatPath, isStandardSchema, validateWith } from './standard-schema.ts'

describe('formatPath', () => {
  it('renders numbers as [i], keys dotted, and PathSegment objects by their key', () => {
    expect(formatPath([3, 'value'])).toBe('[3].value')
    expect(formatPath(['generation', 'top_p'])).toBe('generation.top_p')
    expect(formatPath([{ key: 'a' }, { key: 0 }, 'b'])).toBe('a[0].b')
    expect(formatPath([])).toBe('(root)')
    expect(formatPath(undefined)).toBe('(root)')
  })
})

describe('validateWith', () => {
  it('returns the parsed value (with defaults applied) when valid', async () => {
    const schema = z.object({ n: z.number().default(3) })
    expect(await validateWith(schema, {})).toEqual({ status: 'valid', value: { n: 3 } })
  })

  it('renders every issue with its path', async () => {
    const schema = z.array(z.object({ id: z.string(), value: z.string() }))
    const outcome = await validateWith(schema, [{ id: 'a', value: 'x' }, { id: 'b', value: 2 }, { id: 3, value: 'y' }])
    expect(outcome.status).toBe('invalid')
    if (outcome.status !== 'invalid') return
    expect(outcome.issues.map((i) => i.path)).toEqual(['[1].value', '[2].id'])
    expect(outcome.issues[0]!.message).toMatch(/expected string, received number/)
  })

  it('works with any Standard Schema, including async validators', async () => {
    const even = {
      '~standard': {
        version: 1 as const,
        vendor: 'test',
        validate: async (v: unknown) => (typeof v === 'number' && v % 2 === 0 ? { value: v } : { issues: [{ message: 'not even', path: [] }] }),
      },
    }
    expect(isStandardSchema(even)).toBe(true)
    expect(isStandardSchema({})).toBe(false)
    expect(await validateWith(even, 4)).toEqual({ status: 'valid', value: 4 })
    expect(await validateWith(even, 3)).toEqual({ status: 'invalid', issues: [{ path: '(root)', message: 'not even' }] })
  })
})
