import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { createMemoryStore } from '../cache/memory.ts'
import type { CacheStore } from '../core/cache-store.ts'
import type { LlmClientFactory } from '../core/llm.ts'
import { definePipeline } from '../core/pipeline.ts'
import { defineStage } from '../core/stage.ts'
import { run } from '../run/run.ts'
import { tempDir } from '../../test/support/temp-dir.ts'
import { attributeDrift } from './attribute.ts'
import { checkBaseline } from './check.ts'
import { lineageOf } from './lineage.ts'
import type { CheckBaselineOptions } from './options.ts'

const params = z.object({
  a: z.object({ n: z.number().default(4) }).default({ n: 4 }),
  b: z.object({ scale: z.number().default(2) }).default({ scale: 2 }),
  c: z.object({ offset: z.number().default(0) }).default({ offset: 0 }),
})
let executions: Record<string, number> = {}
const count = (stage: string): void => void (executions[stage] = (executions[stage] ?? 0) + 1)

const a = defineStage({
  name: 'a', params: (p: z.infer<typeof params>) => p.a, output: z.array(z.number()),
  run: ({ params }) => (count('a'), Array.from({ length: params.n }, (_, i) => i + 1)),
})
const b = defineStage({
  name: 'b', needs: { a }, params: (p: z.infer<typeof params>) => p.b, output: z.array(z.number()),
  run: ({ inputs, params }) => (count('b'), inputs.a.map((x) => x * params.scale)),
})
const c = defineStage({
  name: 'c', needs: { b }, params: (p: z.infer<typeof params>) => p.c, output: z.number(),
  run: ({ inputs, params }) => (count('c'), inputs.b.reduce((s, x) => s + x, 0) + params.offset),
})
const pipeline = definePipeline({ name: 'abc', params, stages: [a, b, c] })
const noLlm: LlmClientFactory = () => {
  throw new Error('no model calls in this pipeline')
}

function setup(): { cache: CacheStore; options: (over: Partial<CheckBaselineOptions>) => CheckBaselineOptions } {
  const snapshotDir = join(tempDir('butterfly-attribute-'), 'snapshots')
  const cache = createMemoryStore()
  executions = {}
  const options = (over: Partial<CheckBaselineOptions>): CheckBaselineOptions => ({
    snapshotDir, specFile: 'abc.spec.ts', test: ['abc'], pipeline: 'abc', params: {}, outputs: {}, tolerance: 0, update: 'new', ...over,
  })
  return { cache, options }
}

async function baselineAndChange(overrides: object, cache: CacheStore, options: ReturnType<typeof setup>['options']) {
  const before = await run(pipeline, {}, { cache })
  const written = checkBaseline(options({ params: before.params, outputs: { c: [before.output('c')] }, lineage: lineageOf([before]) }))
  expect(written.status).toBe('written')
  const after = await run(pipeline, overrides as never, { cache })
  const result = checkBaseline(options({ params: after.params, outputs: { c: [after.output('c')] }, lineage: lineageOf([after]), update: 'none' }))
  return { after, result }
}

describe('attributeDrift: stage splicing against the baseline', () => {
  it('a change of b alone: own of b beyond tolerance, c only passes it on, a untouched', async () => {
    const { cache, options } = setup()
    const { after, result } = await baselineAndChange({ b: { scale: 3 } }, cache, options)
    expect(result.status).toBe('drifted')
    const attribution = await attributeDrift({ pipeline, result, runs: [after], cache, llm: noLlm })
    const byStage = Object.fromEntries(attribution.stages.map((s) => [s.stage, s]))
    expect(byStage.a).toMatchObject({ status: 'within', own: 0, total: 0 })
    expect(byStage.b).toMatchObject({ status: 'source' })
    expect((byStage.b as { own: number }).own).toBeGreaterThan(0)
    expect(byStage.c).toMatchObject({ status: 'passed-on', own: 0 })
    expect((byStage.c as { total: number }).total).toBeGreaterThan(0)
    expect(attribution.origin).toBe('b')
    expect(attribution.passedOn).toEqual(['c'])
  })

  it('a change of c alone is attributed to c, with nothing passed on', async () => {
    const { cache, options } = setup()
    const { after, result } = await baselineAndChange({ c: { offset: 5 } }, cache, options)
    const attribution = await attributeDrift({ pipeline, result, runs: [after], cache, llm: noLlm })
    expect(attribution.origin).toBe('c')
    expect(attribution.passedOn).toEqual([])
    expect(attribution.stages.find((s) => s.stage === 'c')).toMatchObject({ status: 'source', own: 5, total: 5 })
  })

  it('splices through the cache: c runs once on the baseline inputs, and a second attribution executes nothing', async () => {
    const { cache, options } = setup()
    const { after, result } = await baselineAndChange({ b: { scale: 3 } }, cache, options)
    const before = { ...executions }
    const first = await attributeDrift({ pipeline, result, runs: [after], cache, llm: noLlm })
    // c on the baseline's b is the baseline's own c entry: already cached, nothing executes; b on a's (unchanged) output is this run's b.
    expect(executions).toEqual(before)
    expect(first.stages.every((s) => s.status === 'not-attributable' || s.executed === 0)).toBe(true)
    const second = await attributeDrift({ pipeline, result, runs: [after], cache, llm: noLlm })
    expect(executions).toEqual(before)
    expect(second).toEqual(first)
  })

  it('executes the spliced stage when its code changed: the new code on the baseline inputs is a new key', async () => {
    const { cache, options } = setup()
    const before = await run(pipeline, {}, { cache })
    checkBaseline(options({ params: before.params, outputs: { c: [before.output('c')] }, lineage: lineageOf([before]) }))
    // A new version of c (as after an edit of its code) downstream of a changed b.
    const c2 = defineStage({ ...c, version: 'edited', run: ({ inputs }) => (count('c2'), inputs.b.reduce((s, x) => s + x, 0) + 1) })
    const edited = definePipeline({ name: 'abc', params, stages: [a, b, c2] })
    const after = await run(edited, { b: { scale: 3 } } as never, { cache })
    const result = checkBaseline(options({ params: after.params, outputs: { c: [after.output('c')] }, update: 'none' }))
    const attribution = await attributeDrift({ pipeline: edited, result, runs: [after], cache, llm: noLlm })
    expect(executions.c2).toBe(2)
    expect(attribution.stages.map((s) => [s.stage, s.status])).toEqual([['a', 'within'], ['b', 'source'], ['c', 'source']])
    expect(attribution.stages.find((s) => s.stage === 'c')).toMatchObject({ own: 1, executed: 1 })
    expect(attribution.origin).toBe('b')
  })

  it('says "not attributable (inputs not cached)" when the baseline inputs are in no cache, never guesses', async () => {
    const { cache, options } = setup()
    const { after, result } = await baselineAndChange({ b: { scale: 3 } }, cache, options)
    const fresh = createMemoryStore()
    const attribution = await attributeDrift({ pipeline, result, runs: [after], cache: fresh, llm: noLlm })
    const c = attribution.stages.find((s) => s.stage === 'c')!
    expect(c).toMatchObject({ status: 'not-attributable' })
    expect(c.status === 'not-attributable' && c.reason).toMatch(/inputs not cached: the baseline output of "(b|c)"/)
    expect(attribution.origin).toBeUndefined()
  })

  it('a baseline written without lineage is reported as not attributable, naming the file', async () => {
    const { cache, options } = setup()
    const before = await run(pipeline, {}, { cache })
    checkBaseline(options({ params: before.params, outputs: { c: [before.output('c')] } }))
    const after = await run(pipeline, { b: { scale: 3 } } as never, { cache })
    const result = checkBaseline(options({ params: after.params, outputs: { c: [after.output('c')] }, update: 'none' }))
    const attribution = await attributeDrift({ pipeline, result, runs: [after], cache, llm: noLlm })
    expect(attribution.stages.every((s) => s.status === 'not-attributable' && s.reason.includes('abc.spec.ts/abc.json records no lineage'))).toBe(true)
  })
})
