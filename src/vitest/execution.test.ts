import { beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { createMemoryStore } from '../cache/memory.ts'
import type { LlmProvider } from '../core/llm.ts'
import { definePipeline } from '../core/pipeline.ts'
import { defineStage } from '../core/stage.ts'
import { metrics } from '../metrics/metrics.ts'
import { perturb } from '../perturbations/perturb.ts'
import type { StabilityRecord } from '../report/record.ts'
import { run } from '../run/run.ts'
import { executionOf, executionRecord } from './execution.ts'
import { toBeStableUnder } from './to-be-stable-under.ts'
import './matcher-types.ts'

let calls = 0
const echo: LlmProvider = {
  kind: 'echo',
  complete: async (r) => {
    calls++
    return { text: `${r.prompt}!`, usage: { promptTokens: 1, completionTokens: 1 }, finishReason: 'stop', model: r.model }
  },
}
const params = z.object({ ask: z.object({ prompt: z.enum(['hi', 'yo']).default('hi') }).prefault({}) })
type Params = z.infer<typeof params>
const ask = defineStage({
  name: 'ask',
  params: (p: Params) => p.ask,
  stochastic: true,
  output: z.string(),
  // Two model calls per execution.
  run: async ({ params: p, ctx }) => (await ctx.llm.complete({ model: 'echo', prompt: p.prompt })).text + (await ctx.llm.complete({ model: 'echo', prompt: 'x' })).text,
})
const length = defineStage({ name: 'length', needs: { ask }, output: z.number(), run: ({ inputs }) => inputs.ask.length })
const pipeline = definePipeline({ name: 'execution-unit', params, stages: [ask, length], models: { echo } })

const recordsOf = (task: { meta: { butterfly?: { records: unknown[] } } }) => (task.meta.butterfly?.records ?? []) as StabilityRecord[]

beforeAll(() => {
  expect.extend({ toBeStableUnder })
})

describe('executionOf', () => {
  it('sums stage counts and the model calls of executed stages: a warm rerun shows none executed and no calls', async () => {
    const cache = createMemoryStore()
    const before = calls
    const cold = await Promise.all([0, 1].map((sample) => run(pipeline, {}, { cache, sample })))
    // `length` is deterministic and gets the same input in both samples: executed once, then cached.
    expect(executionOf(cold)).toEqual({ runs: 2, executed: 3, cached: 1, failed: 0, skipped: 0, modelCalls: 4 })
    expect(calls - before).toBe(4)
    const warm = await Promise.all([0, 1].map((sample) => run(pipeline, {}, { cache, sample })))
    expect(executionOf(warm)).toEqual({ runs: 2, executed: 0, cached: 4, failed: 0, skipped: 0, modelCalls: 0 })
    expect(calls - before).toBe(4)
  })
})

describe('records of toBeStableUnder', () => {
  const cache = createMemoryStore()
  const swap = perturb.swap('ask.prompt', 'yo')
  const options = { stage: 'length' as const, metric: metrics.numeric(), tolerance: 10, repeats: 2, cache }

  it('count the sweep once: the assertion that reuses a shared sweep is marked', async ({ task }) => {
    await expect(pipeline).toBeStableUnder(swap, options)
    await expect(pipeline).toBeStableUnder(swap, { ...options, stage: 'ask', metric: metrics.exact() })
    const [first, second] = recordsOf(task)
    // Base and one variant, 2 samples each: ask executes 4 times (2 model calls each), length once per variant.
    expect(first!.execution).toEqual({ runs: 4, executed: 6, cached: 2, failed: 0, skipped: 0, modelCalls: 8 })
    expect(second!.execution).toEqual({ ...first!.execution, reused: true })
  })

  it('show a warm sweep (a new perturbation object is not shared, so it runs, from the cache)', async ({ task }) => {
    await expect(pipeline).toBeStableUnder(perturb.swap('ask.prompt', 'yo'), options)
    expect(recordsOf(task)[0]!.execution).toEqual({ runs: 4, executed: 0, cached: 8, failed: 0, skipped: 0, modelCalls: 0 })
  })

  it('mark a sweep an earlier test already reported as reused', async ({ task }) => {
    await expect(pipeline).toBeStableUnder(swap, options)
    expect(recordsOf(task)[0]!.execution.reused).toBe(true)
  })
})

describe('executionRecord', () => {
  const runs: never[] = []
  const source = {}
  let attempt = 0

  it('counts runs again in a retry, whose failed attempt dropped its records', { retry: 1 }, ({ task }) => {
    attempt++
    const record = executionRecord(task, source, runs)
    expect(record.reused).toBeUndefined()
    // In the same attempt a second record of the same source is reused.
    expect(executionRecord(task, source, runs).reused).toBe(true)
    if (attempt === 1) throw new Error('first attempt fails on purpose, so Vitest retries')
  })

  it('counts a source no test claimed, and leaves records outside a test unmarked', () => {
    expect(executionRecord(undefined, source, runs)).toEqual({ runs: 0, executed: 0, cached: 0, failed: 0, skipped: 0, modelCalls: 0 })
  })
})
