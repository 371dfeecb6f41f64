import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { createMemoryStore } from '../cache/memory.ts'
import type { CacheStore } from '../core/cache-store.ts'
import { definePipeline } from '../core/pipeline.ts'
import { defineStage } from '../core/stage.ts'
import { defineMetric } from '../metrics/metric.ts'
import type { Metric } from '../metrics/metric.ts'
import { metricIdentity } from '../metrics/identity.ts'
import { kendallTau } from '../metrics/kendall-tau.ts'
import { top1 } from '../metrics/top1.ts'
import { createRng } from '../stats/rng.ts'
import { settleMeasurements } from './measurements.ts'
import { perturb } from './perturb.ts'
import { sweep } from './sweep.ts'

const params = z.object({ gen: z.object({ top_p: z.number().min(0).max(1).default(0.9) }).default({ top_p: 0.9 }) })
type P = z.infer<typeof params>

function pipeline() {
  const draw = defineStage({
    name: 'draw', stochastic: true, params: (p: P) => p.gen, output: z.number(),
    run: ({ params, ctx }) => params.top_p * createRng(ctx.seed)(),
  })
  const scaled = defineStage({ name: 'scaled', needs: { draw }, output: z.number(), run: ({ inputs }) => inputs.draw * 10 })
  return definePipeline({ name: 'memo', params, stages: [draw, scaled] })
}

// A store that remembers what was written, so a test can find (and damage) the measurement table.
function recording(): CacheStore & { written: Map<string, Uint8Array> } {
  const inner = createMemoryStore()
  const written = new Map<string, Uint8Array>()
  return { ...inner, name: 'memory', written, set: async (key, value) => (written.set(key, value), inner.set(key, value)), get: (key) => inner.get(key), has: (key) => inner.has(key), delete: (key) => inner.delete(key) }
}

let calls = 0
// Two metrics declared the same way but for the factor: the same version, different source.
const absolute = (): Metric<number> => defineMetric({ name: 'abs', describe: 'absolute difference', version: '1', compute: (a: number, b: number) => (calls++, Math.abs(a - b)) })
const doubled = (): Metric<number> => defineMetric({ name: 'abs', describe: 'absolute difference', version: '1', compute: (a: number, b: number) => (calls++, 2 * Math.abs(a - b)) })
const unversioned = (): Metric<number> => defineMetric({ name: 'abs', describe: 'absolute difference', compute: (a: number, b: number) => (calls++, Math.abs(a - b)) })

async function measure(cache: CacheStore, metric: Metric<number>, warnings: string[] = []) {
  const s = await sweep(pipeline(), { perturbations: perturb.jitter('gen.top_p', 0.05), repeats: 4, cache, onWarning: (m) => warnings.push(m) })
  const d = s.drift('scaled', metric)
  const ripple = d.ripple
  await settleMeasurements()
  return { values: d.perVariant.map((v) => v.values), ci: d.perVariant.map((v) => v.ci), ripple }
}

describe('memoised measurements', () => {
  it('a later sweep reads a versioned metric\'s values instead of computing them; a changed metric function is recomputed', async () => {
    const cache = createMemoryStore()
    calls = 0
    const first = await measure(cache, absolute())
    expect(calls).toBeGreaterThan(0)
    calls = 0
    // A new metric object with the same declaration (as in the next run of the suite): nothing is computed.
    const again = await measure(cache, absolute())
    expect(calls).toBe(0)
    expect(again).toEqual(first)
    const changed = await measure(cache, doubled())
    expect(calls).toBeGreaterThan(0)
    expect(changed.values).toEqual(first.values.map((vs) => vs.map((v) => 2 * v)))
  })

  it('a metric whose identity cannot be proven (no version) is recomputed by every sweep', async () => {
    const cache = createMemoryStore()
    calls = 0
    await measure(cache, unversioned())
    const once = calls
    await measure(cache, unversioned())
    expect(once).toBeGreaterThan(0)
    expect(calls).toBe(2 * once)
  })

  it('a metric\'s identity covers its module code, version, source and options; function options need a version', () => {
    const code = (text: string) => () => text
    expect(metricIdentity(absolute(), code('a'))).toBe(metricIdentity(absolute(), code('a')))
    expect(metricIdentity(absolute(), code('a'))).not.toBe(metricIdentity(absolute(), code('b')))
    expect(metricIdentity(absolute(), code('a'))).not.toBe(metricIdentity(doubled(), code('a')))
    expect(metricIdentity({ ...absolute(), version: '2' }, code('a'))).not.toBe(metricIdentity(absolute(), code('a')))
    expect(metricIdentity(unversioned(), code('a'))).toBeUndefined()
    expect(metricIdentity({ name: 'plain', describe: 'no module known', version: '1', compute: () => 0 }, code('a'))).toBeUndefined()
    expect(metricIdentity(kendallTau(), code('a'))).toBeDefined()
    expect(metricIdentity(kendallTau({ missing: 'bottom' }), code('a'))).not.toBe(metricIdentity(kendallTau(), code('a')))
    const select = (s: { r: string[] }) => s.r
    expect(metricIdentity(top1({ select }), code('a'))).toBeUndefined()
    expect(metricIdentity({ ...top1({ select }), version: 'r' }, code('a'))).toBeDefined()
    expect(metricIdentity(kendallTau(), undefined)).toBeUndefined()
    // A copy of a built-in metric whose compute was replaced is the user's code, not the built-in:
    // without a version it has no identity (it was served the built-in's stored values).
    const squared = { ...kendallTau(), compute: (a: string[], b: string[]) => kendallTau().compute(a, b) ** 2 }
    expect(metricIdentity(squared, code('a'))).toBeUndefined()
    expect(metricIdentity({ ...squared, version: '1' }, code('a'))).not.toBe(metricIdentity({ ...kendallTau(), version: '1' }, code('a')))
    expect(metricIdentity({ ...kendallTau(), version: '1' }, code('a'))).toBeDefined()
  })

  it('a metric value a later read would reject (not a finite number) is not stored: the table stays readable', async () => {
    const cache = recording()
    const warnings: string[] = []
    const text = defineMetric({ name: 'bad', describe: 'returns text', version: '1', compute: () => 'far' as unknown as number })
    await measure(cache, text, warnings).catch(() => {})
    await measure(cache, absolute(), warnings)
    calls = 0
    const again = await measure(cache, absolute(), warnings)
    expect(calls).toBe(0)
    expect(again.values.flat().length).toBeGreaterThan(0)
    expect(warnings.filter((w) => w.includes('unreadable'))).toEqual([])
  })

  it('two sweeps of the same runs that store their tables at once keep each other\'s values (as two Vitest workers do)', async () => {
    const cache = createMemoryStore()
    const run = () => sweep(pipeline(), { perturbations: perturb.jitter('gen.top_p', 0.05), repeats: 4, cache })
    // Both read the (empty) table before either writes, as workers running at once do.
    const [a, b] = [await run(), await run()]
    a.drift('scaled', absolute())
    b.drift('scaled', doubled())
    await settleMeasurements()
    calls = 0
    const c = await run()
    c.drift('scaled', absolute())
    c.drift('scaled', doubled())
    expect(calls).toBe(0)
  })

  it('a damaged measurement table is not served: its values are recomputed, with a warning', async () => {
    const cache = recording()
    calls = 0
    const first = await measure(cache, absolute())
    const tables = [...cache.written].filter(([, bytes]) => new TextDecoder().decode(bytes).includes('"intervals"'))
    expect(tables).toHaveLength(1)
    const [key, bytes] = tables[0]!
    // The same table with one value turned into text: a reader must not take any of it.
    await cache.set(key, new TextEncoder().encode(new TextDecoder().decode(bytes).replace(/:(\d+(\.\d+)?(e-?\d+)?)([,}])/, ':"$1"$4')))
    calls = 0
    const warnings: string[] = []
    const again = await measure(cache, absolute(), warnings)
    expect(calls).toBeGreaterThan(0)
    expect(again).toEqual(first)
    expect(warnings).toEqual([expect.stringMatching(/^\[butterfly\] \[cache:memory\] the measurements of a sweep of "memo" \(\w{12}…\) are unreadable; recomputing them$/)])
  })
})

describe('memoised data perturbations', () => {
  const run = async (cache: CacheStore, version: string | undefined, counter: { n: number }) => {
    const shift = perturb.data('shift', (x: number, ctx) => (counter.n++, x + ctx.sample), { after: 'draw', ...(version ? { version } : {}) })
    const s = await sweep(pipeline(), { perturbations: shift, repeats: 3, cache })
    return s.variants[1]!.runs.map((r) => [r.stages.draw!.status === 'failed' ? 'failed' : (r.stages.draw as { hash: string }).hash, r.output('scaled')])
  }

  it('with a version, a later sweep reads the changed outputs instead of applying the function; another version applies it again', async () => {
    const cache = createMemoryStore()
    const counter = { n: 0 }
    const first = await run(cache, 'v1', counter)
    expect(counter.n).toBe(3)
    expect(await run(cache, 'v1', counter)).toEqual(first)
    expect(counter.n).toBe(3)
    expect(await run(cache, 'v2', counter)).toEqual(first)
    expect(counter.n).toBe(6)
  })

  it('without a version, the function is applied on every sweep', async () => {
    const cache = createMemoryStore()
    const counter = { n: 0 }
    const first = await run(cache, undefined, counter)
    expect(await run(cache, undefined, counter)).toEqual(first)
    expect(counter.n).toBe(6)
  })
})
