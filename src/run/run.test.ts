import { access, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { createMemoryStore } from '../cache/memory.ts'
import { definePipeline } from '../core/pipeline.ts'
import { defineStage } from '../core/stage.ts'
import { ParamsError, PipelineDefinitionError } from '../errors.ts'
import { run } from './run.ts'

// The pipeline of the public API sketch.
const params = z.object({
  extraction: z.object({ engine: z.enum(['a', 'b']).default('a') }).default({ engine: 'a' }),
  generation: z.object({ top_p: z.number().min(0).max(1).default(0.9), temperature: z.number().default(0.7) }).default({ top_p: 0.9, temperature: 0.7 }),
})
let executed: string[] = []
const extract = defineStage({
  name: 'extract',
  params: (p: z.infer<typeof params>) => p.extraction,
  output: z.array(z.string()),
  version: '1',
  run: async ({ params: slice }) => (executed.push('extract'), slice.engine === 'a' ? ['x: 1', 'y: 2'] : ['x: 1', 'y: 3']),
})
const facts = defineStage({
  name: 'facts',
  needs: { extract },
  output: z.array(z.object({ id: z.string(), value: z.string() })),
  run: async ({ inputs }) => (executed.push('facts'), inputs.extract.map((line) => {
    const [id, value] = line.split(': ')
    return { id: id!, value: value! }
  })),
})
const answer = defineStage({
  name: 'answer',
  needs: { facts },
  params: (p: z.infer<typeof params>) => p.generation,
  stochastic: true,
  output: z.string(),
  run: async ({ inputs, params: g, ctx }) => (executed.push('answer'), `${inputs.facts.length} facts, top_p ${g.top_p}, seed ${ctx.seed % 1000}`),
})
const pipeline = definePipeline({ name: 'demo', params, stages: [extract, facts, answer] })

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'butterfly-run-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('run', () => {
  it('runs with the defaults into a cache directory, then serves the second run from it', async () => {
    executed = []
    const cacheDir = join(dir, 'defaults')
    const first = await run(pipeline, {}, { cacheDir })
    expect(first.status).toBe('passed')
    expect(first.params).toEqual({ extraction: { engine: 'a' }, generation: { top_p: 0.9, temperature: 0.7 } })
    expect(first.output('facts')).toEqual([{ id: 'x', value: '1' }, { id: 'y', value: '2' }])
    expect(first.stages.facts.status).toBe('executed')
    expect(executed.sort()).toEqual(['answer', 'extract', 'facts'])
    await access(join(cacheDir))

    const second = await run(pipeline, undefined, { cacheDir })
    expect(second.counts).toEqual({ executed: 0, cached: 3, failed: 0, skipped: 0 })
    expect(second.output('answer')).toBe(first.output('answer'))
    expect(executed).toHaveLength(3)
  })

  it('applies deep-partial overrides and re-runs only what they reach', async () => {
    const cache = createMemoryStore()
    await run(pipeline, {}, { cache })
    const changed = await run(pipeline, { generation: { top_p: 0.95 } }, { cache })
    expect(changed.params).toEqual({ extraction: { engine: 'a' }, generation: { top_p: 0.95, temperature: 0.7 } })
    expect([changed.stages.extract.status, changed.stages.facts.status, changed.stages.answer.status]).toEqual(['cached', 'cached', 'executed'])
    expect(changed.output('answer')).toMatch(/^2 facts, top_p 0\.95, seed \d+$/)
  })

  it('fails invalid overrides before anything runs or touches the cache, naming the param path', async () => {
    executed = []
    const cacheDir = join(dir, 'never')
    const cache = createMemoryStore()
    const error = await run(pipeline, { generation: { top_p: 2 } }, { cache }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ParamsError)
    expect((error as Error).message).toBe('[butterfly] pipeline "demo": invalid params at generation.top_p: Too big: expected number to be <=1')
    await expect(run(pipeline, { extraction: { engine: 'c' } } as never, { cacheDir })).rejects.toThrow(
      /^\[butterfly\] pipeline "demo": invalid params at extraction\.engine: /,
    )
    await expect(run(pipeline, { generation: { top_k: 3 } } as never, { cacheDir })).rejects.toThrow(
      '[butterfly] pipeline "demo": unknown param "generation.top_k" (not in the params schema)',
    )
    expect(executed).toEqual([])
    expect(cache.size).toBe(0)
    await expect(access(cacheDir)).rejects.toThrow(/ENOENT/)
  })

  it('with cache: false, executes everything every time and writes nothing to disk', async () => {
    executed = []
    await run(pipeline, {}, { cache: false })
    const again = await run(pipeline, {}, { cache: false })
    expect(again.counts.executed).toBe(3)
    expect(executed).toHaveLength(6)
  })

  it('passes sample, seed, events and logs through', async () => {
    const events: string[] = []
    const cache = createMemoryStore()
    const s0 = await run(pipeline, {}, { cache, seed: 3, sample: 0 })
    const s1 = await run(pipeline, {}, { cache, seed: 3, sample: 1, onEvent: (e) => events.push(`${e.pipeline}/${e.stage}#${e.sample}:${e.status}`) })
    expect([s1.sample, s1.seed]).toEqual([1, 3])
    expect(s1.output('answer')).not.toBe(s0.output('answer'))
    expect(events.sort()).toEqual(['demo/answer#1:executed', 'demo/extract#1:cached', 'demo/facts#1:cached'])
  })

  it('hands the abort signal to stages', async () => {
    const controller = new AbortController()
    controller.abort(new Error('stop'))
    const waits = defineStage({ name: 'waits', output: z.array(z.number()), run: ({ ctx }) => ctx.map([1, 2], (n) => n) })
    const result = await run(definePipeline({ name: 'abort', params: z.object({}), stages: [waits] }), {}, { cache: false, signal: controller.signal })
    expect(result.status).toBe('failed')
    expect(result.error?.message).toBe('[butterfly] stage "waits" failed: stop')
  })

  it('keeps same-named stages of two pipelines from one factory apart', async () => {
    const cache = createMemoryStore()
    const mk = (w: string) => definePipeline({ name: `pipe_${w}`, params: z.object({}), stages: [defineStage({ name: 'echo', output: z.string(), run: () => w })] })
    expect((await run(mk('alpha'), {}, { cache })).output('echo')).toBe('alpha')
    const beta = await run(mk('beta'), {}, { cache })
    expect(beta.stages.echo.status).toBe('executed')
    expect(beta.output('echo')).toBe('beta')
    expect((await run(mk('alpha'), {}, { cache })).stages.echo.status).toBe('cached')
    // A pipeline that reuses another's stage objects (same closures) shares their entries.
    const alpha = mk('alpha')
    await run(alpha, {}, { cache })
    const reuse = definePipeline({ name: 'pipe_reuse', params: z.object({}), stages: alpha.stages })
    expect((await run(reuse, {}, { cache })).stages.echo.status).toBe('cached')
  })

  it('names the mistake when given something that is not a pipeline', async () => {
    const error = await run({ name: 'p' } as never).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(PipelineDefinitionError)
    expect((error as Error).message).toBe('[butterfly] run() needs a pipeline made with definePipeline(): pipeline "p": "params" must be a Standard Schema (e.g. a zod object)')
  })

  it('selfCheck re-executes cache hits of deterministic stages and warns, naming the stage, when the output changed under the same key', async () => {
    const cache = createMemoryStore()
    let table = 1 // a value the key cannot see (captured in a closure)
    const read = defineStage({ name: 'read', version: '1', output: z.number(), run: () => table })
    const pipeline = definePipeline({ name: 'self', params: z.object({}), stages: [read] })
    await run(pipeline, {}, { cache })
    const warnings: string[] = []
    expect((await run(pipeline, {}, { cache, selfCheck: 1, onWarning: (m) => warnings.push(m) })).output('read')).toBe(1)
    expect(warnings).toEqual([])
    table = 2
    const served = await run(pipeline, {}, { cache, selfCheck: 1, onWarning: (m) => warnings.push(m) })
    expect([served.stages.read!.status, served.output('read')]).toEqual(['cached', 1])
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toMatch(/^\[butterfly\] \[self-check\] stage "read"'s output changed although its key did not \(.*\): declare the files it reads in "files", or bump its "version"/)
    await run(pipeline, {}, { cache, onWarning: (m) => warnings.push(m) })
    expect(warnings).toHaveLength(1)
    await expect(run(pipeline, {}, { cache, selfCheck: 2 })).rejects.toThrow('[butterfly] option "selfCheck" must be a share of cache hits between 0 and 1, got 2')
  })
})
