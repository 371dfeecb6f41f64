import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { ParamsError } from '../errors.ts'
import { definePipeline } from './pipeline.ts'
import { deepMerge, getPath, hasPath, isPlainObject, leafPaths, resolveParams, setPath } from './params.ts'
import { defineStage } from './stage.ts'

const params = z.object({
  extraction: z.object({ engine: z.enum(['a', 'b']).default('a') }).default({ engine: 'a' }),
  generation: z.object({
    top_p: z.number().min(0).max(1).default(0.9),
    temperature: z.number().default(0.7),
  }).default({ top_p: 0.9, temperature: 0.7 }),
  tags: z.array(z.string()).default([]),
})
const only = defineStage({ name: 'only', output: z.number(), run: () => 1 })
const pipeline = definePipeline({ name: 'params-demo', params, stages: [only] })

describe('plain-object helpers', () => {
  it('isPlainObject accepts object literals and null-prototype objects only', () => {
    expect(isPlainObject({})).toBe(true)
    expect(isPlainObject(Object.create(null))).toBe(true)
    expect(isPlainObject([])).toBe(false)
    expect(isPlainObject(null)).toBe(false)
    expect(isPlainObject(new Date())).toBe(false)
  })

  it('deepMerge merges objects key by key, replaces arrays and scalars, keeps base on undefined', () => {
    const base = { a: { x: 1, y: 2 }, list: [1, 2, 3], s: 'k' }
    expect(deepMerge(base, { a: { y: 5 }, list: [9] })).toEqual({ a: { x: 1, y: 5 }, list: [9], s: 'k' })
    expect(deepMerge(base, { a: { y: undefined } })).toEqual(base)
    expect(base).toEqual({ a: { x: 1, y: 2 }, list: [1, 2, 3], s: 'k' })
  })

  it('leafPaths lists dotted leaves; arrays and empty objects are leaves', () => {
    expect(leafPaths({ a: { b: 1, c: { d: [1] } }, e: {} })).toEqual(['a.b', 'a.c.d', 'e'])
    expect(leafPaths({})).toEqual([])
  })

  it('getPath / hasPath / setPath walk dotted paths without mutating', () => {
    const v = { a: { b: 0, n: null } }
    expect(getPath(v, 'a.b')).toBe(0)
    expect(getPath(v, 'a.z')).toBeUndefined()
    expect(hasPath(v, 'a.b')).toBe(true)
    expect(hasPath(v, 'a.n')).toBe(true)
    expect(hasPath(v, 'a.n.x')).toBe(false)
    const next = setPath(v, 'a.c.d', 4)
    expect(next).toEqual({ a: { b: 0, n: null, c: { d: 4 } } })
    expect(v).toEqual({ a: { b: 0, n: null } })
  })
})

describe('resolveParams', () => {
  it('gives every resolution its own defaults: a function default is evaluated per run, a passed-through object is not shared', async () => {
    let n = 0
    const fresh = z.object({ id: z.string().default(() => `run-${++n}`), bag: z.any().default(() => []) })
    const p = definePipeline({ name: 'params-fresh', params: fresh, stages: [only] })
    const a = (await resolveParams(p)) as { id: string; bag: string[] }
    a.bag.push('changed by run a')
    const b = (await resolveParams(p)) as { id: string; bag: string[] }
    expect([a.id, b.id]).toEqual(['run-1', 'run-2'])
    expect(b.bag).toEqual([])
  })

  it('returns the schema defaults when there are no overrides', async () => {
    expect(await resolveParams(pipeline)).toEqual({ extraction: { engine: 'a' }, generation: { top_p: 0.9, temperature: 0.7 }, tags: [] })
    expect(await resolveParams(pipeline, undefined)).toEqual(await resolveParams(pipeline, {}))
  })

  it('deep-merges a partial override, keeping sibling defaults', async () => {
    expect(await resolveParams(pipeline, { generation: { top_p: 0.95 } })).toEqual({
      extraction: { engine: 'a' }, generation: { top_p: 0.95, temperature: 0.7 }, tags: [],
    })
    expect(await resolveParams(pipeline, { tags: ['x'] })).toMatchObject({ tags: ['x'] })
  })

  it('names the param path of an invalid value', async () => {
    const error = await resolveParams(pipeline, { generation: { top_p: 1.5 } }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ParamsError)
    expect((error as Error).message).toMatch(/^\[butterfly\] pipeline "params-demo": invalid params at generation\.top_p: /)
    expect((error as Error).message).toMatch(/<=1/)
    await expect(resolveParams(pipeline, { extraction: { engine: 'c' as 'a' } })).rejects.toThrow(/invalid params at extraction\.engine: /)
  })

  it('rejects an override path the schema does not know, naming it', async () => {
    await expect(resolveParams(pipeline, { generation: { top_q: 0.5 } } as object)).rejects.toThrow(
      '[butterfly] pipeline "params-demo": unknown param "generation.top_q" (not in the params schema)',
    )
    await expect(resolveParams(pipeline, { nope: 1 } as object)).rejects.toThrow(/unknown param "nope"/)
  })

  it('rejects overrides that are not a plain object', async () => {
    await expect(resolveParams(pipeline, [1, 2])).rejects.toThrow('[butterfly] pipeline "params-demo": params overrides must be a plain object')
    await expect(resolveParams(pipeline, 'x')).rejects.toBeInstanceOf(ParamsError)
  })
})

describe('resolveParams with optional params', () => {
  const optional = z.object({ model: z.string().optional(), depth: z.number().default(1) })
  const p = definePipeline({ name: 'optional', params: optional, stages: [only] })

  it('treats an undefined override as "keep the default", not as an unknown param', async () => {
    expect(await resolveParams(p, { model: undefined, depth: undefined })).toEqual({ depth: 1 })
    expect(await resolveParams(p, { model: 'm' })).toEqual({ model: 'm', depth: 1 })
  })
})
