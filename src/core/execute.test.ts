import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { createMemoryStore } from '../cache/memory.ts'
import { StageError, StageMisuseError } from '../errors.ts'
import type { CacheStore } from './cache-store.ts'
import type { ExecuteOptions, RunEvent } from './execute.ts'
import { deriveSeed, executePipeline } from './execute.ts'
import { hashValue } from './hash.ts'
import type { LlmProvider } from './llm.ts'
import type { DeepPartial } from './params.ts'
import { resolveParams } from './params.ts'
import type { AnyPipeline } from './pipeline.ts'
import { definePipeline } from './pipeline.ts'
import type { RunResult } from './result.ts'
import { defineStage } from './stage.ts'

const params = z.object({
  extraction: z.object({ engine: z.enum(['a', 'b']).default('a'), lowercase: z.boolean().default(false) }).default({ engine: 'a', lowercase: false }),
  generation: z.object({ top_p: z.number().min(0).max(1).default(0.9), temperature: z.number().default(0.7) }).default({ top_p: 0.9, temperature: 0.7 }),
  report: z.object({ title: z.string().default('Report') }).default({ title: 'Report' }),
})
type Params = z.infer<typeof params>
const fact = z.object({ id: z.string(), value: z.string() })

/**
 * A five-stage pipeline (plus a counter of executions per stage):
 *
 *   load ─┬─ extract ── facts ── generate (stochastic) ─┬─ report
 *         └─ stats ─────────────────────────────────────┘
 */
function demo(hooks: { failFacts?: () => boolean; badFacts?: () => boolean } = {}) {
  const runs: Record<string, number> = {}
  const count = (name: string): void => void (runs[name] = (runs[name] ?? 0) + 1)
  const load = defineStage({
    name: 'load',
    output: z.array(z.string()),
    run: () => (count('load'), ['Alpha Beta', 'Gamma', 'Delta Epsilon Zeta']),
  })
  const extract = defineStage({
    name: 'extract',
    needs: { load },
    params: (p: Params) => p.extraction,
    output: z.array(z.string()),
    run: ({ inputs, params: slice }) => {
      count('extract')
      // engine 'b' extracts the same words in another way, so its output equals engine 'a''s.
      const words = inputs.load.flatMap((doc) => (slice.engine === 'a' ? doc.split(' ') : doc.match(/\S+/g) ?? []))
      return slice.lowercase ? words.map((w) => w.toLowerCase()) : words
    },
  })
  const facts = defineStage({
    name: 'facts',
    needs: { extract },
    output: z.array(fact),
    run: ({ inputs }) => {
      count('facts')
      if (hooks.failFacts?.()) throw new TypeError('facts exploded')
      const list = inputs.extract.map((w, i) => ({ id: `f${i}`, value: w }))
      if (hooks.badFacts?.()) (list[3] as { value: unknown }).value = 42
      return list
    },
  })
  const stats = defineStage({
    name: 'stats',
    needs: { load },
    output: z.object({ docs: z.number(), chars: z.number() }),
    run: ({ inputs }) => (count('stats'), { docs: inputs.load.length, chars: inputs.load.join('').length }),
  })
  const generate = defineStage({
    name: 'generate',
    needs: { facts },
    params: (p: Params) => p.generation,
    stochastic: true,
    output: z.object({ text: z.string(), seed: z.number() }),
    run: ({ inputs, params: g, ctx }) => {
      count('generate')
      const pick = inputs.facts[ctx.seed % inputs.facts.length]!
      return { text: `${pick.value} @${g.top_p}/${g.temperature}`, seed: ctx.seed }
    },
  })
  const report = defineStage({
    name: 'report',
    needs: { generate, stats },
    params: (p: Params) => p.report,
    output: z.string(),
    run: ({ inputs, params: r }) => (count('report'), `${r.title}: ${inputs.generate.text} (${inputs.stats.docs} docs)`),
  })
  const pipeline = definePipeline({ name: 'demo', params, stages: [report, generate, stats, facts, extract, load] })
  return { pipeline, runs }
}

async function go(
  pipeline: AnyPipeline, cache: CacheStore, overrides: DeepPartial<Params> = {}, options: Partial<ExecuteOptions> = {},
): Promise<RunResult> {
  return executePipeline(pipeline, await resolveParams(pipeline, overrides), { cache, ...options })
}

const statuses = (r: RunResult): Record<string, string> => Object.fromEntries(Object.entries(r.stages).map(([k, v]) => [k, v.status]))

describe('caching', () => {
  it('a second run with nothing changed executes 0 stages and returns equal outputs and hashes', async () => {
    const { pipeline, runs } = demo()
    const cache = createMemoryStore()
    const first = await go(pipeline, cache)
    expect(first.status).toBe('passed')
    expect(first.counts).toEqual({ executed: 6, cached: 0, failed: 0, skipped: 0 })
    expect(runs).toEqual({ load: 1, extract: 1, facts: 1, stats: 1, generate: 1, report: 1 })

    const second = await go(pipeline, cache)
    expect(second.counts).toEqual({ executed: 0, cached: 6, failed: 0, skipped: 0 })
    expect(runs).toEqual({ load: 1, extract: 1, facts: 1, stats: 1, generate: 1, report: 1 })
    for (const name of first.order) {
      const a = first.stages[name]!
      const b = second.stages[name]!
      if (a.status !== 'executed' || b.status !== 'cached') throw new Error(`unexpected statuses for ${name}`)
      expect(b.output).toEqual(a.output)
      expect(b.hash).toBe(a.hash)
      expect(b.key).toBe(a.key)
      expect(a.hash).toBe(hashValue(a.output))
    }
    expect(second.output('report')).toMatch(/^Report: \w+ @0\.9\/0\.7 \(3 docs\)$/)
    expect(cache.size).toBe(6)
  })

  it('orders stages so every stage comes after its needs', async () => {
    const { pipeline } = demo()
    const { order } = await go(pipeline, createMemoryStore())
    const at = (n: string) => order.indexOf(n)
    expect(order).toHaveLength(6)
    expect(at('load')).toBeLessThan(at('extract'))
    expect(at('extract')).toBeLessThan(at('facts'))
    expect(at('facts')).toBeLessThan(at('generate'))
    expect(at('generate')).toBeLessThan(at('report'))
    expect(at('stats')).toBeLessThan(at('report'))
  })

  it('changing one param re-executes exactly the stage that reads it and its downstream', async () => {
    const { pipeline } = demo()
    const cache = createMemoryStore()
    await go(pipeline, cache)

    const topP = await go(pipeline, cache, { generation: { top_p: 0.5 } })
    expect(statuses(topP)).toEqual({ load: 'cached', extract: 'cached', facts: 'cached', stats: 'cached', generate: 'executed', report: 'executed' })

    const title = await go(pipeline, cache, { report: { title: 'Other' } })
    expect(statuses(title)).toEqual({ load: 'cached', extract: 'cached', facts: 'cached', stats: 'cached', generate: 'cached', report: 'executed' })

    const lower = await go(pipeline, cache, { extraction: { lowercase: true } })
    expect(statuses(lower)).toEqual({ load: 'cached', extract: 'executed', facts: 'executed', stats: 'cached', generate: 'executed', report: 'executed' })

    // Back to the defaults: everything is still in the cache.
    expect((await go(pipeline, cache)).counts.executed).toBe(0)
  })

  it('re-executes a stage whose slice changed but keeps its dependents cached when its output did not change', async () => {
    const { pipeline } = demo()
    const cache = createMemoryStore()
    const before = await go(pipeline, cache)
    const after = await go(pipeline, cache, { extraction: { engine: 'b' } })
    expect(statuses(after)).toEqual({ load: 'cached', extract: 'executed', facts: 'cached', stats: 'cached', generate: 'cached', report: 'cached' })
    expect(after.stages.extract!.status === 'executed' && after.stages.extract!.hash).toBe(
      before.stages.extract!.status === 'executed' && before.stages.extract!.hash,
    )
  })

  it('a new stage version or a changed run function invalidates only that stage and its downstream', async () => {
    const cache = createMemoryStore()
    const make = (version: string | undefined, run: () => number) => {
      const base = defineStage({ name: 'base', output: z.number(), ...(version ? { version } : {}), run })
      const next = defineStage({ name: 'next', needs: { base }, output: z.number(), run: ({ inputs }) => inputs.base + 1 })
      const other = defineStage({ name: 'other', output: z.number(), run: () => 7 })
      return definePipeline({ name: 'versions', params: z.object({}), stages: [base, next, other] })
    }
    expect((await go(make('1', () => 1), cache)).counts.executed).toBe(3)
    expect(statuses(await go(make('1', () => 1), cache))).toEqual({ base: 'cached', next: 'cached', other: 'cached' })
    expect(statuses(await go(make('2', () => 1), cache))).toEqual({ base: 'executed', next: 'cached', other: 'cached' })
    expect(statuses(await go(make(undefined, () => 2), cache))).toEqual({ base: 'executed', next: 'executed', other: 'cached' })
    expect(statuses(await go(make(undefined, () => 3), cache))).toEqual({ base: 'executed', next: 'executed', other: 'cached' })
    expect(statuses(await go(make(undefined, () => 2), cache))).toEqual({ base: 'cached', next: 'cached', other: 'cached' })
  })

  it('serialises outputs with stable key order, so equal outputs built in another order hash equally', async () => {
    const make = (flip: boolean) => definePipeline({
      name: 'order', params: z.object({}),
      stages: [defineStage({
        name: 'obj', version: flip ? 'b' : 'a', output: z.record(z.string(), z.number()),
        run: () => (flip ? { b: 2, a: 1 } : { a: 1, b: 2 }),
      })],
    })
    const a = await go(make(false), createMemoryStore())
    const b = await go(make(true), createMemoryStore())
    const hashOf = (r: RunResult) => (r.stages.obj!.status === 'executed' ? r.stages.obj!.hash : undefined)
    expect(hashOf(a)).toBeDefined()
    expect(hashOf(a)).toBe(hashOf(b))
  })
})

describe('samples', () => {
  it('gives each sample of a stochastic stage its own entry and output, and runs deterministic stages once', async () => {
    const { pipeline, runs } = demo()
    const cache = createMemoryStore()
    const s0 = await go(pipeline, cache, {}, { sample: 0 })
    const s1 = await go(pipeline, cache, {}, { sample: 1 })
    expect(statuses(s1)).toEqual({ load: 'cached', extract: 'cached', facts: 'cached', stats: 'cached', generate: 'executed', report: 'executed' })
    const g0 = s0.stages.generate!
    const g1 = s1.stages.generate!
    if (g0.status !== 'executed' || g1.status !== 'executed') throw new Error('generate should have executed twice')
    expect(g1.key).not.toBe(g0.key)
    expect(g1.output).not.toEqual(g0.output)
    expect(g1.hash).not.toBe(g0.hash)
    expect(g0.output).toMatchObject({ seed: deriveSeed(0, 0) })
    expect(g1.output).toMatchObject({ seed: deriveSeed(0, 1) })
    expect(s0.stages.facts!.status === 'executed' && s1.stages.facts!.status === 'cached' && s1.stages.facts!.key === s0.stages.facts!.key).toBe(true)

    const again = await go(pipeline, cache, {}, { sample: 1 })
    expect(again.counts).toEqual({ executed: 0, cached: 6, failed: 0, skipped: 0 })
    expect(again.output('generate')).toEqual(g1.output)
    expect(runs).toEqual({ load: 1, extract: 1, facts: 1, stats: 1, generate: 2, report: 2 })
    expect(s1.sample).toBe(1)
  })

  it('a different run seed changes stochastic entries only', async () => {
    const { pipeline } = demo()
    const cache = createMemoryStore()
    await go(pipeline, cache, {}, { seed: 1 })
    const other = await go(pipeline, cache, {}, { seed: 2 })
    expect(statuses(other)).toEqual({ load: 'cached', extract: 'cached', facts: 'cached', stats: 'cached', generate: 'executed', report: 'executed' })
    expect(other.seed).toBe(2)
  })

  it('rejects a sample that is not a non-negative integer, or a seed that is not an integer, before anything runs', async () => {
    const { pipeline, runs } = demo()
    const params = await resolveParams(pipeline)
    await expect(executePipeline(pipeline, params, { cache: createMemoryStore(), sample: -1 })).rejects.toThrow(
      '[butterfly] pipeline "demo": option "sample" must be a non-negative integer, got -1',
    )
    await expect(executePipeline(pipeline, params, { cache: createMemoryStore(), sample: 1.5 })).rejects.toThrow(/option "sample" must be a non-negative integer, got 1.5/)
    await expect(executePipeline(pipeline, params, { cache: createMemoryStore(), seed: Number.NaN })).rejects.toThrow(
      '[butterfly] pipeline "demo": option "seed" must be an integer, got NaN',
    )
    expect(runs).toEqual({})
  })

  it('deriveSeed is deterministic and differs per sample and per seed', () => {
    expect(deriveSeed(1, 0)).toBe(deriveSeed(1, 0))
    expect(new Set([deriveSeed(1, 0), deriveSeed(1, 1), deriveSeed(2, 0), deriveSeed(2, 1)]).size).toBe(4)
  })

  it.each([
    ['ctx.seed', (ctx: { seed: number }) => ctx.seed],
    ['ctx.sample', (ctx: { sample: number }) => ctx.sample],
    ['ctx.llm', (ctx: { llm: unknown }) => (ctx.llm ? 1 : 0)],
  ] as const)('fails a stage that uses %s without stochastic: true, with a clear message', async (what, use) => {
    const sneaky = defineStage({ name: 'sneaky', output: z.number(), run: ({ ctx }) => use(ctx as never) })
    const after = defineStage({ name: 'after', needs: { sneaky }, output: z.number(), run: ({ inputs }) => inputs.sneaky })
    const cache = createMemoryStore()
    const result = await go(definePipeline({ name: 'misuse', params: z.object({}), stages: [sneaky, after] }), cache)
    expect(result.status).toBe('failed')
    expect(statuses(result)).toEqual({ sneaky: 'failed', after: 'skipped' })
    expect(result.error).toBeInstanceOf(StageMisuseError)
    expect(result.error?.message).toBe(
      `[butterfly] stage "sneaky" used ${what} but is not declared stochastic: true; ` +
        'declare it so that each sample is cached apart and its noise floor is measured',
    )
    expect(cache.size).toBe(0)
  })
})

describe('concurrency', () => {
  it('runs independent stages at the same time', async () => {
    let inFlight = 0
    let peak = 0
    let arrived = 0
    let allArrived!: () => void
    const bothStarted = new Promise<void>((r) => (allArrived = r))
    const worker = (name: string) => defineStage({
      name, output: z.string(),
      run: async () => {
        peak = Math.max(peak, ++inFlight)
        if (++arrived === 3) allArrived()
        // Waits for the other workers; the timeout only keeps a sequential engine from hanging the test.
        await Promise.race([bothStarted, new Promise((r) => setTimeout(r, 2000))])
        inFlight--
        return name
      },
    })
    const a = worker('a')
    const b = worker('b')
    const c = worker('c')
    const join = defineStage({ name: 'join', needs: { a, b, c }, output: z.string(), run: ({ inputs }) => inputs.a + inputs.b + inputs.c })
    const result = await go(definePipeline({ name: 'parallel', params: z.object({}), stages: [a, b, c, join] }), createMemoryStore())
    expect(peak).toBe(3)
    expect(result.output('join')).toBe('abc')
  })

  it('two runs at once on one store execute each stage once (in-flight sharing)', async () => {
    const { pipeline, runs } = demo()
    const cache = createMemoryStore()
    const [x, y] = await Promise.all([go(pipeline, cache), go(pipeline, cache)])
    expect(runs).toEqual({ load: 1, extract: 1, facts: 1, stats: 1, generate: 1, report: 1 })
    expect(x!.counts.executed + y!.counts.executed).toBe(6)
    expect(x!.counts.cached + y!.counts.cached).toBe(6)
    expect(x!.output('report')).toBe(y!.output('report'))
  })

  it('shares the in-flight computation even when the store is slow to answer', async () => {
    const inner = createMemoryStore()
    // Each get() takes a different number of turns, so one run's read can still be pending when the other run has written.
    let turn = 0
    const slow: CacheStore = {
      ...inner, name: 'slow',
      get: async (key) => {
        const wait = turn++ % 2 === 0 ? 0 : 20
        const value = await inner.get(key)
        for (let i = 0; i < wait; i++) await new Promise((r) => setImmediate(r))
        return value
      },
    }
    let executions = 0
    const only = defineStage({ name: 'only', output: z.number(), run: () => ++executions })
    const pipeline = definePipeline({ name: 'slow', params: z.object({}), stages: [only] })
    const results = await Promise.all([go(pipeline, slow), go(pipeline, slow), go(pipeline, slow)])
    expect(executions).toBe(1)
    expect(results.map((r) => r.output('only'))).toEqual([1, 1, 1])
  })
})

describe('failures', () => {
  it('a throwing stage fails, its dependents are skipped, the rest completes and stays cached', async () => {
    let fail = true
    const { pipeline, runs } = demo({ failFacts: () => fail })
    const cache = createMemoryStore()
    const events: RunEvent[] = []
    const result = await go(pipeline, cache, {}, { onEvent: (e) => events.push(e) })
    expect(result.status).toBe('failed')
    expect(statuses(result)).toEqual({ load: 'executed', extract: 'executed', facts: 'failed', stats: 'executed', generate: 'skipped', report: 'skipped' })
    expect(result.counts).toEqual({ executed: 3, cached: 0, failed: 1, skipped: 2 })
    expect(result.stages.generate).toEqual({ status: 'skipped', because: 'facts' })
    expect(result.stages.report).toEqual({ status: 'skipped', because: 'generate' })
    expect(events.map((e) => `${e.stage}:${e.status}`).sort()).toEqual(
      ['extract:executed', 'facts:failed', 'generate:skipped', 'load:executed', 'report:skipped', 'stats:executed'],
    )

    const error = result.error!
    expect(error).toBeInstanceOf(StageError)
    expect(error.stage).toBe('facts')
    expect(error.message).toBe('[butterfly] stage "facts" failed: facts exploded')
    expect(error.cause).toBeInstanceOf(TypeError)
    expect((error.cause as Error).message).toBe('facts exploded')
    const failed = result.stages.facts!
    expect(failed.status === 'failed' && failed.error).toBe(error)

    expect(() => result.output('facts')).toThrow('[butterfly] stage "facts" has no output; it failed: [butterfly] stage "facts" failed: facts exploded')
    // The cause chain: report <- generate (skipped) <- facts (failed), with facts' error, as toMatchBaseline shows it.
    expect(() => result.output('report')).toThrow('[butterfly] stage "report" has no output; it was skipped because "facts" failed: stage "facts" failed: facts exploded')
    expect((() => { try { result.output('report') } catch (e) { return (e as Error).cause } })()).toBe(error)
    expect(() => result.output('nope')).toThrow('[butterfly] pipeline "demo" has no stage "nope" (stages: ')
    expect(result.output('stats')).toEqual({ docs: 3, chars: 33 })

    fail = false
    const retry = await go(pipeline, cache)
    expect(statuses(retry)).toEqual({ load: 'cached', extract: 'cached', facts: 'executed', stats: 'cached', generate: 'executed', report: 'executed' })
    expect(runs.facts).toBe(2)
    expect(retry.status).toBe('passed')
    expect(retry.error).toBeUndefined()
  })

  it('an output that does not match the schema fails the stage, naming the stage and the path', async () => {
    const { pipeline } = demo({ badFacts: () => true })
    const cache = createMemoryStore()
    const result = await go(pipeline, cache)
    expect(statuses(result)).toMatchObject({ facts: 'failed', generate: 'skipped', report: 'skipped' })
    expect(result.error?.message).toBe('[butterfly] stage "facts" returned an invalid output at [3].value: Invalid input: expected string, received number')
    expect(result.error?.stage).toBe('facts')
    expect(await cache.has(result.stages.facts!.status === 'failed' ? result.stages.facts!.key! : '')).toBe(false)
  })

  it('counts further issues of an invalid output', async () => {
    const bad = defineStage({ name: 'bad', output: z.array(z.number()), run: () => ['x', 'y', 3] as unknown as number[] })
    const result = await go(definePipeline({ name: 'bad', params: z.object({}), stages: [bad] }), createMemoryStore())
    expect(result.error?.message).toBe('[butterfly] stage "bad" returned an invalid output at [0]: Invalid input: expected number, received string (and 1 more issues)')
  })

  it('fails a stage whose output cannot be serialised, or whose params selector throws', async () => {
    const loop = defineStage({
      name: 'loop', output: z.any(),
      run: () => {
        const o: Record<string, unknown> = {}
        o.self = o
        return o
      },
    })
    const selector = defineStage({ name: 'selector', params: (): number => { throw new Error('no slice') }, output: z.number(), run: () => 1 })
    const result = await go(definePipeline({ name: 'odd', params: z.object({}), stages: [loop, selector] }), createMemoryStore())
    expect(statuses(result)).toEqual({ loop: 'failed', selector: 'failed' })
    const message = (name: string) => (result.stages[name]!.status === 'failed' ? result.stages[name]!.error.message : '')
    expect(message('loop')).toBe('[butterfly] stage "loop" returned an output that cannot be stored: the value at .self is a circular reference: outputs must be trees')
    expect(message('selector')).toBe('[butterfly] stage "selector" could not compute its cache key (params slice, code or files): no slice')
  })

  it('stores outputs JSON cannot hold faithfully: executed and cached runs give the same values', async () => {
    const output = z.object({
      big: z.bigint(), map: z.map(z.string(), z.set(z.number())), when: z.date(), bytes: z.instanceof(Uint8Array), sparse: z.array(z.number().optional()),
    })
    const value = () => ({ big: 2n ** 70n + 1n, map: new Map([['a', new Set([1, 2])]]), when: new Date(86_400_000), bytes: new Uint8Array([0, 255]), sparse: [1, undefined, 3] })
    const rich = defineStage({ name: 'rich', output, run: value })
    const nothing = defineStage({ name: 'nothing', output: z.undefined(), run: () => undefined })
    const pipeline = definePipeline({ name: 'rich', params: z.object({}), stages: [rich, nothing] })
    const cache = createMemoryStore()
    const warnings: string[] = []
    const first = await go(pipeline, cache, {}, { onWarning: (m) => warnings.push(m) })
    const second = await go(pipeline, cache, {}, { onWarning: (m) => warnings.push(m) })
    expect(statuses(first)).toEqual({ rich: 'executed', nothing: 'executed' })
    expect(statuses(second)).toEqual({ rich: 'cached', nothing: 'cached' })
    expect(first.output('rich')).toEqual(value())
    expect(second.output('rich')).toEqual(value())
    expect(output.safeParse(second.output('rich')).success).toBe(true)
    expect(second.output('nothing')).toBeUndefined()
    expect(warnings).toEqual([])
    // Equal values built in another key order hash the same; another value does not.
    const other = defineStage({ name: 'rich', output, run: () => ({ ...value(), big: 2n ** 70n }) })
    const hashOf = (r: RunResult) => (r.stages.rich!.status === 'failed' || r.stages.rich!.status === 'skipped' ? '' : r.stages.rich!.hash)
    expect(hashOf(await go(definePipeline({ name: 'rich2', params: z.object({}), stages: [other] }), cache))).not.toBe(hashOf(first))
  })

  it('fails an output it cannot keep, naming the stage and the path', async () => {
    class Point { constructor(readonly x: number) {} }
    const odd = defineStage({ name: 'odd', output: z.any(), run: () => ({ items: [1, { at: new Point(1) }] }) })
    const result = await go(definePipeline({ name: 'odd', params: z.object({}), stages: [odd] }), createMemoryStore())
    expect(result.error?.message).toBe('[butterfly] stage "odd" returned an output that cannot be stored: the value at .items[1].at cannot be stored (cannot stringify arbitrary non-pojos): return plain data, Map, Set, Date, BigInt or typed arrays')
  })

  it('serves a cached output only if the stage schema accepts it, and recomputes entries of an older format quietly', async () => {
    const cache = createMemoryStore()
    const warnings: string[] = []
    const onWarning = (m: string) => warnings.push(m)
    const loose = defineStage({ name: 'n', version: '1', output: z.number(), run: () => -1 })
    const first = await go(definePipeline({ name: 'strict', params: z.object({}), stages: [loose] }), cache, {}, { onWarning })
    const strict = defineStage({ name: 'n', version: '1', output: z.number().min(0), run: () => 1 })
    const second = await go(definePipeline({ name: 'strict', params: z.object({}), stages: [strict] }), cache, {}, { onWarning })
    expect(second.stages.n!.status).toBe('executed')
    expect(second.output('n')).toBe(1)
    expect(warnings).toEqual([expect.stringMatching(/^\[butterfly\] \[cache:memory\] cached output of stage "n" \(\w{12}…\) does not match the stage's output schema at \(root\): Too small/)])
    const key = (first.stages.n as { key: string }).key
    await cache.set(key, new TextEncoder().encode(JSON.stringify({ v: 1, stage: 'n', hash: 'x', output: 7, usage: {}, logs: [] })))
    warnings.length = 0
    const third = await go(definePipeline({ name: 'strict', params: z.object({}), stages: [strict] }), cache, {}, { onWarning })
    expect([third.stages.n!.status, third.output('n'), warnings]).toEqual(['executed', 1, []])
  })

  it('recomputes an entry of format 2 (one JSON object) quietly and rewrites it in the current format', async () => {
    const cache = createMemoryStore()
    const warnings: string[] = []
    const stage = defineStage({ name: 'n', version: '1', output: z.number(), run: () => 5 })
    const pipeline = definePipeline({ name: 'old-format', params: z.object({}), stages: [stage] })
    const first = await go(pipeline, cache, {}, { onWarning: (m) => warnings.push(m) })
    const key = (first.stages.n as { key: string }).key
    // What format 2 wrote for this key, with another value: it must never be served.
    await cache.set(key, new TextEncoder().encode(JSON.stringify({ v: 2, stage: 'n', hash: hashValue(7), output: 7, usage: {}, logs: [] })))
    const again = await go(pipeline, cache, {}, { onWarning: (m) => warnings.push(m) })
    expect([again.stages.n!.status, again.output('n'), warnings]).toEqual(['executed', 5, []])
    expect(new TextDecoder().decode(await cache.get(key)).split('\n')[0]).toMatch(/"v":3/)
  })

  it('parses and validates a cached output only when its schema fingerprint changed, or when it is read', async () => {
    const cache = createMemoryStore()
    let validations = 0
    const counted = z.array(z.number()).refine(() => (validations++, true))
    const stage = defineStage({ name: 'n', version: '1', output: counted, run: () => [1, 2, 3] })
    const pipeline = definePipeline({ name: 'lazy', params: z.object({}), stages: [stage] })
    const fingerprint = (schema: string) => () => ({ schema })
    await go(pipeline, cache, {}, { fingerprint: fingerprint('A') })
    validations = 0
    const warm = await go(pipeline, cache, {}, { fingerprint: fingerprint('A') })
    expect([warm.stages.n!.status, validations]).toEqual(['cached', 0])
    expect(warm.output('n')).toEqual([1, 2, 3])
    // Another schema code: the cached output is parsed and checked against today's schema before it is served.
    const changed = await go(pipeline, cache, {}, { fingerprint: fingerprint('B') })
    expect([changed.stages.n!.status, validations]).toEqual(['cached', 1])
    const strict = defineStage({ name: 'n', version: '1', output: z.array(z.number().max(2)), run: () => [0] })
    const warnings: string[] = []
    const recomputed = await go(definePipeline({ name: 'lazy', params: z.object({}), stages: [strict] }), cache, {}, { fingerprint: fingerprint('C'), onWarning: (m) => warnings.push(m) })
    expect([recomputed.stages.n!.status, recomputed.output('n')]).toEqual(['executed', [0]])
    expect(warnings).toEqual([expect.stringMatching(/does not match the stage's output schema at \[2\]/)])
  })

  it('a store that cannot be read or written degrades to uncached runs with warnings', async () => {
    const broken: CacheStore = {
      name: 'broken',
      get: async () => { throw new Error('disk on fire') },
      set: async () => { throw new Error('disk full') },
      has: async () => false,
      delete: async () => {},
    }
    const warnings: string[] = []
    const { pipeline } = demo()
    const result = await go(pipeline, broken, {}, { onWarning: (m) => warnings.push(m) })
    expect(result.status).toBe('passed')
    expect(result.counts.executed).toBe(6)
    expect(warnings.filter((w) => w.includes('disk on fire'))).toHaveLength(6)
    expect(warnings.filter((w) => w.includes('disk full'))).toHaveLength(6)
    expect(warnings[0]).toMatch(/^\[butterfly\] \[cache:broken\] /)
  })
})

describe('models through ctx.llm', () => {
  const echo: LlmProvider = {
    kind: 'echo',
    complete: async (r) => ({ text: `${r.prompt}!`, usage: { promptTokens: 3, completionTokens: 2 }, finishReason: 'stop', model: r.model }),
  }

  it('calls the pipeline models and records usage of executed stages only', async () => {
    const ask = defineStage({
      name: 'ask', stochastic: true, output: z.string(),
      run: async ({ ctx }) => (await ctx.llm.complete({ model: 'echo', prompt: 'hi' })).text + (await ctx.llm.complete({ model: 'echo', prompt: 'yo' })).text,
    })
    const pipeline = definePipeline({ name: 'llm', params: z.object({}), stages: [ask], models: { echo } })
    const cache = createMemoryStore()
    const first = await go(pipeline, cache)
    expect(first.output('ask')).toBe('hi!yo!')
    expect(first.usage).toEqual({ calls: 2, promptTokens: 6, completionTokens: 4 })
    const second = await go(pipeline, cache)
    expect(second.usage).toEqual({ calls: 0, promptTokens: 0, completionTokens: 0 })
    // The cached entry keeps the usage of the run that computed it.
    expect(second.stages.ask!.status === 'cached' && second.stages.ask!.usage).toEqual({ calls: 2, promptTokens: 6, completionTokens: 4 })
  })

  it('names an unknown model and a provider without chat()', async () => {
    const unknown = defineStage({ name: 'unknown', stochastic: true, output: z.string(), run: async ({ ctx }) => (await ctx.llm.complete({ model: 'gpt-x', prompt: '' })).text })
    const noChat = defineStage({ name: 'nochat', stochastic: true, output: z.string(), run: async ({ ctx }) => (await ctx.llm.chat({ model: 'echo', messages: [] })).text })
    const result = await go(definePipeline({ name: 'llm2', params: z.object({}), stages: [unknown, noChat], models: { echo } }), createMemoryStore())
    const message = (name: string) => (result.stages[name]!.status === 'failed' ? result.stages[name]!.error.message : '')
    expect(message('unknown')).toBe('[butterfly] stage "unknown" called model "gpt-x", which is not in pipeline "llm2"\'s models (echo)')
    expect(message('nochat')).toBe('[butterfly] model "echo" (echo) has no chat()')
  })
})

describe('hooks and data perturbations', () => {
  it('a throwing log hook fails that stage only; a throwing onEvent becomes a warning', async () => {
    const noisy = defineStage({ name: 'noisy', output: z.number(), run: ({ ctx }) => (ctx.log('hi'), 1) })
    const quiet = defineStage({ name: 'quiet', output: z.number(), run: () => 2 })
    const warnings: string[] = []
    const result = await go(definePipeline({ name: 'hooks', params: z.object({}), stages: [noisy, quiet] }), createMemoryStore(), {}, {
      onLog: () => { throw new Error('log sink closed') },
      onEvent: (e) => { if (e.stage === 'quiet') throw new Error('listener bug') },
      onWarning: (m) => warnings.push(m),
    })
    expect(statuses(result)).toEqual({ noisy: 'failed', quiet: 'executed' })
    expect(result.error?.message).toBe('[butterfly] stage "noisy" failed: log sink closed')
    expect(warnings).toEqual(['[butterfly] onEvent threw for stage "quiet": listener bug'])
  })

  it('ctx.log lines are kept with the entry and reported to onLog', async () => {
    const chatty = defineStage({ name: 'chatty', output: z.number(), run: ({ ctx }) => (ctx.log('one'), ctx.log('two'), 1) })
    const pipeline = definePipeline({ name: 'logs', params: z.object({}), stages: [chatty] })
    const cache = createMemoryStore()
    const seen: string[] = []
    const first = await go(pipeline, cache, {}, { onLog: (stage, m) => seen.push(`${stage}:${m}`) })
    const second = await go(pipeline, cache)
    expect(seen).toEqual(['chatty:one', 'chatty:two'])
    expect(first.stages.chatty!.status === 'executed' && first.stages.chatty!.logs).toEqual(['one', 'two'])
    expect(second.stages.chatty!.status === 'cached' && second.stages.chatty!.logs).toEqual(['one', 'two'])
  })

  it('a transform changes what dependents see, and its hash, without re-running the stage itself', async () => {
    const { pipeline, runs } = demo()
    const cache = createMemoryStore()
    const plain = await go(pipeline, cache)
    const reversed = await go(pipeline, cache, {}, {
      transforms: { facts: { id: 'reverse', apply: (out, ctx) => (expect(ctx.stage).toBe('facts'), [...(out as unknown[])].reverse()) } },
    })
    expect(statuses(reversed)).toEqual({ load: 'cached', extract: 'cached', facts: 'cached', stats: 'cached', generate: 'executed', report: 'executed' })
    const before = plain.stages.facts!
    const after = reversed.stages.facts!
    if (before.status !== 'executed' || after.status !== 'cached') throw new Error('unexpected facts statuses')
    expect(after.perturbed).toBe(true)
    expect(after.key).toBe(before.key)
    expect(after.hash).not.toBe(before.hash)
    expect(after.output).toEqual([...before.output as unknown[]].reverse())
    expect(runs.facts).toBe(1)
    // The stored entry is the unperturbed output.
    expect((await go(pipeline, cache)).output('facts')).toEqual(before.output)
  })

  it('a transform that breaks the schema or throws fails the stage, naming the perturbation', async () => {
    const { pipeline } = demo()
    const broken = await go(pipeline, createMemoryStore(), {}, { transforms: { facts: { id: 'drop-ids', apply: (out) => (out as object[]).map(() => ({})) } } })
    expect(broken.error?.message).toBe('[butterfly] perturbation "drop-ids" made the output of stage "facts" invalid at [0].id: Invalid input: expected string, received undefined')
    expect(statuses(broken)).toMatchObject({ facts: 'failed', generate: 'skipped', report: 'skipped' })
    const throwing = await go(pipeline, createMemoryStore(), {}, { transforms: { stats: { id: 'oops', apply: () => { throw new Error('nope') } } } })
    expect(throwing.error?.message).toBe('[butterfly] perturbation "oops" failed on the output of stage "stats": nope')
  })
})

describe('model identity in the cache key', () => {
  const provider = (upstream: string, text: string): LlmProvider => ({
    kind: 'scripted', identity: { upstream },
    complete: async (r) => ({ text, usage: { promptTokens: 1, completionTokens: 1 }, finishReason: 'stop', model: r.model }),
  })
  const build = (llm: LlmProvider) => {
    const ask = defineStage({ name: 'ask', stochastic: true, output: z.string(), run: async ({ ctx }) => (await ctx.llm.complete({ model: 'm', prompt: 'hi' })).text })
    const plain = defineStage({ name: 'plain', output: z.number(), run: () => 1 })
    return definePipeline({ name: 'ids', params: z.object({}), stages: [ask, plain], models: { m: llm } })
  }

  it('re-executes a stochastic stage when another model stands behind the same id, and keeps deterministic stages cached', async () => {
    const cache = createMemoryStore()
    const first = await executePipeline(build(provider('model-a', 'from a')), {}, { cache })
    const same = await executePipeline(build(provider('model-a', 'from a')), {}, { cache })
    const swapped = await executePipeline(build(provider('model-b', 'from b')), {}, { cache })
    expect([first.stages.ask!.status, same.stages.ask!.status, swapped.stages.ask!.status]).toEqual(['executed', 'cached', 'executed'])
    expect(swapped.output('ask')).toBe('from b')
    expect(swapped.stages.plain!.status).toBe('cached')
  })
})
