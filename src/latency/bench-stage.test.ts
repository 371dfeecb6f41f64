import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { createMemoryStore } from '../cache/memory.ts'
import { deriveSeed } from '../core/execute.ts'
import type { LlmProvider } from '../core/llm.ts'
import { definePipeline } from '../core/pipeline.ts'
import { defineStage } from '../core/stage.ts'
import { ButterflyError, StageError } from '../errors.ts'
import { run } from '../run/run.ts'
import { benchStage } from './bench-stage.ts'

const params = z.object({
  size: z.number().int().default(3),
  top_p: z.number().default(0.9),
})
type Params = z.infer<typeof params>

// Counts every execution of every stage, so the tests can tell cached from executed.
const executions: Record<string, number> = {}
const count = (name: string): void => void (executions[name] = (executions[name] ?? 0) + 1)
let seenByExtract: number[][] = []

const load = defineStage({
  name: 'load',
  params: (p: Params) => p.size,
  output: z.array(z.number()),
  run: ({ params: size }) => (count('load'), Array.from({ length: size }, (_, i) => i + 1)),
})
const extract = defineStage({
  name: 'extract',
  needs: { load },
  output: z.number(),
  run: ({ inputs }) => {
    count('extract')
    const xs = inputs.load as number[]
    seenByExtract.push([...xs])
    // Mutates its input on purpose: later executions must still see the original.
    xs.push(100)
    return xs.reduce((a, b) => a + b, 0)
  },
})
const report = defineStage({
  name: 'report',
  needs: { extract },
  output: z.string(),
  run: ({ inputs }) => (count('report'), `sum ${inputs.extract}`),
})
const pipeline = definePipeline({ name: 'bench-demo', params, stages: [load, extract, report] })

const quick = { iterations: 5, time: 0, warmup: false } as const

describe('benchStage', () => {
  it('measures the stage uncached with inputs from the cached upstream stages, and runs nothing downstream', async () => {
    const cache = createMemoryStore()
    await run(pipeline, {}, { cache })
    const entries = cache.size
    for (const k of Object.keys(executions)) delete executions[k]
    seenByExtract = []

    const r = await benchStage(pipeline, 'extract', { ...quick, cache })

    expect(r.status).toBe('measured')
    if (r.status !== 'measured') return
    expect(r.upstream).toEqual({ executed: 0, cached: 1, failed: 0, skipped: 0 })
    expect(executions.load).toBeUndefined()
    expect(executions.report).toBeUndefined()
    // One checked execution plus at least the requested iterations, every one with the original inputs.
    expect(executions.extract).toBeGreaterThanOrEqual(1 + quick.iterations)
    expect(seenByExtract.every((xs) => xs.join() === '1,2,3')).toBe(true)
    expect(cache.size).toBe(entries)
    expect(r.samples.length).toBeGreaterThanOrEqual(quick.iterations)
    expect(r.samples.length).toBe(executions.extract! - 1)
    expect([...r.samples].sort((a, b) => a - b)).toEqual(r.samples)
    expect(r.latency.min).toBeLessThanOrEqual(r.latency.p50)
    expect(r.latency.p50).toBeLessThanOrEqual(r.latency.p99)
    expect(r.latency.p99).toBeLessThanOrEqual(r.latency.max)
    expect(r.latency.sd).toBeGreaterThanOrEqual(0)
    expect(r.calls).toBe(0)
  })

  it('runs the upstream stages it needs when they are not cached, with the given params', async () => {
    const cache = createMemoryStore()
    seenByExtract = []
    const r = await benchStage(pipeline, 'extract', { ...quick, cache, params: { size: 5 } })
    expect(r.status).toBe('measured')
    expect(r.upstream.executed).toBe(1)
    expect(seenByExtract[0]).toEqual([1, 2, 3, 4, 5])
  })

  it('measures a stage that reads nothing upstream without running any other stage', async () => {
    for (const k of Object.keys(executions)) delete executions[k]
    const r = await benchStage(pipeline, 'load', { ...quick, cache: createMemoryStore(), params: { size: 2 } })
    expect(r.status).toBe('measured')
    expect(r.upstream).toEqual({ executed: 0, cached: 0, failed: 0, skipped: 0 })
    expect(Object.keys(executions)).toEqual(['load'])
  })

  it('gives a stochastic stage its sample and seed, and counts its model calls', async () => {
    const seen: Array<{ sample: number; seed: number }> = []
    const echo: LlmProvider = {
      kind: 'echo',
      complete: async (request) => ({ text: request.prompt, usage: { promptTokens: 1, completionTokens: 1 }, finishReason: 'stop', model: 'echo' }),
    }
    const answer = defineStage({
      name: 'answer',
      needs: { load },
      stochastic: true,
      output: z.string(),
      run: async ({ inputs, ctx }) => {
        seen.push({ sample: ctx.sample, seed: ctx.seed })
        return (await ctx.llm.complete({ model: 'echo', prompt: String(inputs.load.length) })).text
      },
    })
    const p = definePipeline({ name: 'bench-llm', params, stages: [load, answer], models: { echo } })
    const r = await benchStage(p, 'answer', { ...quick, cache: createMemoryStore(), sample: 2, seed: 7, llm: { mode: 'off' } })
    if (r.status === 'failed') throw r.error
    expect(r.status).toBe('measured')
    if (r.status !== 'measured') return
    expect(seen.every((s) => s.sample === 2 && s.seed === deriveSeed(7, 2))).toBe(true)
    expect(r.calls).toBe(seen.length)
  })

  it('reports a failing stage as a failed result instead of timing it', async () => {
    const broken = defineStage({ name: 'broken', needs: { load }, output: z.number(), run: () => { throw new Error('boom') } })
    const p = definePipeline({ name: 'bench-broken', params, stages: [load, broken] })
    const r = await benchStage(p, 'broken', { ...quick, cache: createMemoryStore() })
    expect(r.status).toBe('failed')
    if (r.status !== 'failed') return
    expect(r.error).toBeInstanceOf(StageError)
    expect(r.error.message).toContain('boom')
  })

  it('reports an output that does not match the schema as a failed result', async () => {
    const wrong = defineStage({ name: 'wrong', output: z.number(), run: () => 'text' as unknown as number })
    const p = definePipeline({ name: 'bench-wrong', params, stages: [wrong] })
    const r = await benchStage(p, 'wrong', { ...quick, cache: createMemoryStore() })
    expect(r.status).toBe('failed')
    if (r.status === 'failed') expect(r.error.message).toMatch(/"wrong" returned an invalid output/)
  })

  it('reports a failed upstream stage as a failed result naming it', async () => {
    const bad = defineStage({ name: 'bad', output: z.number(), run: () => { throw new Error('upstream broke') } })
    const after = defineStage({ name: 'after', needs: { bad }, output: z.number(), run: ({ inputs }) => inputs.bad })
    const p = definePipeline({ name: 'bench-upstream', params, stages: [bad, after] })
    const r = await benchStage(p, 'after', { ...quick, cache: createMemoryStore() })
    expect(r.status).toBe('failed')
    if (r.status === 'failed') expect(r.error.stage).toBe('bad')
    expect(r.upstream.failed).toBe(1)
  })

  it('throws on an unknown stage, naming the stages there are', async () => {
    await expect(benchStage(pipeline, 'nope' as 'load', quick)).rejects.toThrow(/no stage "nope" \(stages: load, extract, report\)/)
  })

  it('throws on bad options', async () => {
    await expect(benchStage(pipeline, 'load', { iterations: 0 })).rejects.toBeInstanceOf(ButterflyError)
    await expect(benchStage(pipeline, 'load', { time: -1 })).rejects.toThrow(/"time"/)
  })
})
