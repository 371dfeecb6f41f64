import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { ParamsError, PipelineDefinitionError } from '../errors.ts'
import { resolveParams } from './params.ts'
import { definePipeline, downstreamOf, isSafeName, pipelineOrder, requirePipeline, topologicalOrder } from './pipeline.ts'
import type { ParamsOf } from './pipeline.ts'
import type { AnyStage } from './stage.ts'
import { defineStage } from './stage.ts'

const params = z.object({})
const out = z.string()
const a = defineStage({ name: 'a', output: out, run: () => 'a' })
const b = defineStage({ name: 'b', needs: { a }, output: out, run: ({ inputs }) => `${inputs.a}b` })
const c = defineStage({ name: 'c', needs: { a }, output: out, run: ({ inputs }) => `${inputs.a}c` })
const d = defineStage({ name: 'd', needs: { b, c }, output: out, run: ({ inputs }) => inputs.b + inputs.c })
const e = defineStage({ name: 'e', output: out, run: () => 'e' })

function definitionError(fn: () => unknown): PipelineDefinitionError {
  try {
    fn()
  } catch (error) {
    expect(error).toBeInstanceOf(PipelineDefinitionError)
    return error as PipelineDefinitionError
  }
  throw new Error('expected a PipelineDefinitionError')
}

describe('definePipeline', () => {
  it('returns its input unchanged when the definition is sound, in any stage order', () => {
    const input = { name: 'ok', params, stages: [d, c, b, a, e] as const }
    expect(definePipeline(input)).toBe(input)
  })

  it('without params has an empty params object, and an override names an unknown param', async () => {
    const fixed = definePipeline({ name: 'fixed', stages: [a, b] })
    const resolved: ParamsOf<typeof fixed> = await resolveParams(fixed, {}) as ParamsOf<typeof fixed>
    expect(resolved).toEqual({})
    expect(await resolveParams(fixed)).toEqual({})
    await expect(resolveParams(fixed, { top_p: 0.5 })).rejects.toThrow(ParamsError)
    await expect(resolveParams(fixed, { top_p: 0.5 })).rejects.toThrow(/unknown param "top_p"/)
    // @ts-expect-error a pipeline without params takes no overrides
    const typed: ParamsOf<typeof fixed> = { top_p: 0.5 }
    expect(typed).toBeDefined()
  })

  it('rejects a cycle, naming it', () => {
    const x = defineStage({ name: 'x', output: out, run: () => 'x' })
    const y = defineStage({ name: 'y', needs: { x }, output: out, run: () => 'y' })
    // A cycle cannot be written with const declarations, but needs can be mutated after definition.
    ;(x as AnyStage).needs = { y }
    const error = definitionError(() => definePipeline({ name: 'loop', params, stages: [x, y] }))
    expect(error.message).toBe('[butterfly] pipeline "loop" has a cycle: x -> y -> x')
  })

  it('rejects a stage that needs itself', () => {
    const self = defineStage({ name: 'self', output: out, run: () => 's' })
    ;(self as AnyStage).needs = { self }
    expect(definitionError(() => definePipeline({ name: 'p', params, stages: [self] })).message).toBe(
      '[butterfly] pipeline "p" has a cycle: self -> self',
    )
  })

  it('rejects a duplicate stage name', () => {
    const a2 = defineStage({ name: 'a', output: out, run: () => 'other' })
    expect(definitionError(() => definePipeline({ name: 'p', params, stages: [a, a2] })).message).toBe(
      '[butterfly] pipeline "p": duplicate stage name "a"',
    )
  })

  it('rejects a needs entry that is not in the pipeline', () => {
    expect(definitionError(() => definePipeline({ name: 'p', params, stages: [b] })).message).toBe(
      '[butterfly] pipeline "p": stage "b" needs "a" (stage "a"), which is not in the pipeline\'s stages',
    )
  })

  it('rejects a needs entry that is a different object with a known name', () => {
    const fakeA = defineStage({ name: 'a', output: out, run: () => 'fake' })
    const f = defineStage({ name: 'f', needs: { a: fakeA }, output: out, run: () => 'f' })
    expect(definitionError(() => definePipeline({ name: 'p', params, stages: [a, f] })).message).toBe(
      '[butterfly] pipeline "p": stage "f" needs a different stage object named "a" than the one in the pipeline',
    )
  })

  it.each(['../x', 'a/b', 'a\\b', '', '.hidden', 'trailing.', 'sp ace', 'x'.repeat(129)])('rejects the unsafe stage name %j', (name) => {
    const bad = defineStage({ name, output: out, run: () => '' })
    expect(definitionError(() => definePipeline({ name: 'p', params, stages: [bad] })).message).toBe(
      `[butterfly] pipeline "p": stage name ${JSON.stringify(name)} is unsafe as a file name; use letters, digits, ".", "_" or "-"`,
    )
  })

  it('rejects an unsafe pipeline name', () => {
    expect(definitionError(() => definePipeline({ name: '../up', params, stages: [a] })).message).toBe(
      '[butterfly] pipeline "../up": the name must be 1-128 letters, digits, ".", "_" or "-" (it is used in file names)',
    )
  })

  it('rejects missing params schema, empty stages, non-stages and missing output schemas', () => {
    expect(definitionError(() => definePipeline({ name: 'p', params: {} as typeof params, stages: [a] })).message).toMatch(
      /"params" must be a Standard Schema/,
    )
    expect(definitionError(() => definePipeline({ name: 'p', params, stages: [] })).message).toMatch(/"stages" must be a non-empty array/)
    expect(definitionError(() => definePipeline({ name: 'p', params, stages: [{ name: 'z' } as AnyStage] })).message).toBe(
      '[butterfly] pipeline "p": stages[0] is not a stage (use defineStage)',
    )
    const noSchema = { name: 'n', run: () => 1 } as unknown as AnyStage
    expect(definitionError(() => definePipeline({ name: 'p', params, stages: [noSchema] })).message).toBe(
      '[butterfly] pipeline "p": stage "n" needs an "output" schema (any Standard Schema)',
    )
  })
})

describe('graph helpers', () => {
  it('isSafeName accepts file-safe names only', () => {
    for (const ok of ['a', 'facts', 'stage-1', 'v1.2_x']) expect(isSafeName(ok)).toBe(true)
    for (const bad of ['..', '../x', 'a/b', 'CON:', 'a b', '-x', '.x', 'x.']) expect(isSafeName(bad)).toBe(false)
  })

  it('topologicalOrder puts every stage after its needs', () => {
    const order = topologicalOrder([d, e, c, b, a]).map((s) => s.name)
    expect(new Set(order)).toEqual(new Set(['a', 'b', 'c', 'd', 'e']))
    const at = (n: string) => order.indexOf(n)
    expect(at('a')).toBeLessThan(at('b'))
    expect(at('a')).toBeLessThan(at('c'))
    expect(at('b')).toBeLessThan(at('d'))
    expect(at('c')).toBeLessThan(at('d'))
  })

  it('pipelineOrder and requirePipeline see a stage swapped in place in a pipeline already run', () => {
    const first = defineStage({ name: 'swap', output: z.number(), version: '1', run: () => 1 })
    const second = defineStage({ name: 'swap', output: z.number(), version: '2', run: () => 2 })
    const p = definePipeline({ name: 'swap-demo', stages: [first] })
    requirePipeline('run()', p)
    expect(pipelineOrder(p)).toEqual([first])
    ;(p.stages as unknown as AnyStage[])[0] = second
    expect(pipelineOrder(p)).toEqual([second])
    ;(p.stages as unknown as AnyStage[])[0] = { name: 'swap' } as AnyStage
    expect(() => requirePipeline('run()', p)).toThrow(/run\(\) needs a pipeline made with definePipeline\(\): .*stages\[0\] is not a stage/)
  })

  it('downstreamOf lists a stage and everything that depends on it, transitively', () => {
    const stages = [a, b, c, d, e]
    expect(downstreamOf(stages, 'a').sort()).toEqual(['a', 'b', 'c', 'd'])
    expect(downstreamOf(stages, 'b').sort()).toEqual(['b', 'd'])
    expect(downstreamOf(stages, 'd')).toEqual(['d'])
    expect(downstreamOf(stages, 'e')).toEqual(['e'])
  })
})
