import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { createMemoryStore } from '../cache/memory.ts'
import { definePipeline } from '../core/pipeline.ts'
import { defineStage } from '../core/stage.ts'
import type { Metric } from '../metrics/metric.ts'
import { createRng } from '../stats/rng.ts'
import { perturb } from './perturb.ts'
import { sweep } from './sweep.ts'

const params = z.object({
  prep: z.object({ n: z.number().int().default(4) }).default({ n: 4 }),
  gen: z.object({ top_p: z.number().min(0).max(1).default(0.9) }).default({ top_p: 0.9 }),
})
type P = z.infer<typeof params>
const absDiff: Metric<number> = { name: 'abs', describe: 'absolute difference', compute: (a, b) => Math.abs(a - b) }

function linearPipeline() {
  const calls: Record<string, number> = { s1: 0, s2: 0, s3: 0, s4: 0, s5: 0 }
  const s1 = defineStage({ name: 's1', params: (p: P) => p.prep, output: z.array(z.number()), run: ({ params }) => (calls.s1!++, Array.from({ length: params.n }, (_, i) => i)) })
  const s2 = defineStage({ name: 's2', needs: { s1 }, output: z.number(), run: ({ inputs }) => (calls.s2!++, inputs.s1.reduce((a, b) => a + b, 0)) })
  const s3 = defineStage({
    name: 's3', needs: { s2 }, stochastic: true, params: (p: P) => p.gen, output: z.number(),
    run: ({ inputs, params, ctx }) => (calls.s3!++, inputs.s2 + params.top_p * createRng(ctx.seed)()),
  })
  const s4 = defineStage({ name: 's4', needs: { s3 }, output: z.number(), run: ({ inputs }) => (calls.s4!++, inputs.s3 * 2) })
  const s5 = defineStage({ name: 's5', needs: { s4 }, output: z.string(), run: ({ inputs }) => (calls.s5!++, `total ${inputs.s4.toFixed(6)}`) })
  return { calls, pipeline: definePipeline({ name: 'linear', params, stages: [s1, s2, s3, s4, s5] }) }
}

describe('sweep', () => {
  it('shares every stage a variant does not touch: executed equals the theoretical minimum', async () => {
    const { calls, pipeline } = linearPipeline()
    const s = await sweep(pipeline, { perturbations: perturb.jitter('gen.top_p', 0.05), repeats: 3, cache: createMemoryStore() })
    expect(s.variants.map((v) => v.id)).toEqual(['base', 'gen.top_p=0.85', 'gen.top_p=0.95'])
    expect(calls).toEqual({ s1: 1, s2: 1, s3: 9, s4: 9, s5: 9 })
    expect(s.stats).toEqual({ executed: 2 + 27, cached: 45 - 29, failed: 0, skipped: 0 })
  })

  it('a second sweep with nothing changed executes nothing', async () => {
    const { calls, pipeline } = linearPipeline()
    const cache = createMemoryStore()
    const first = await sweep(pipeline, { perturbations: perturb.jitter('gen.top_p', 0.05), repeats: 2, cache })
    const second = await sweep(pipeline, { perturbations: perturb.jitter('gen.top_p', 0.05), repeats: 2, cache })
    expect(second.stats.executed).toBe(0)
    expect(calls.s3).toBe(6)
    expect(second.drift('s3', absDiff).perVariant.map((p) => p.values)).toEqual(first.drift('s3', absDiff).perVariant.map((p) => p.values))
  })

  it('pairs variant sample i with base sample i, and measures the noise floor between base samples', async () => {
    const { pipeline } = linearPipeline()
    const s = await sweep(pipeline, { perturbations: perturb.jitter('gen.top_p', 0.05), repeats: 4, cache: createMemoryStore() })
    const d = s.drift('s3', absDiff)
    const base = s.variants[0]!.runs.map((r) => r.output('s3') as number)
    const up = s.variants[2]!.runs.map((r) => r.output('s3') as number)
    expect(d.perVariant[1]!.values).toEqual(base.map((b, i) => Math.abs(b - up[i]!)))
    // Disjoint pairs (0, 1), (2, 3): independent values, unlike ring pairs that share samples.
    expect(d.noiseFloor.values).toEqual([[0, 1], [2, 3]].map(([i, j]) => Math.abs(base[i!]! - base[j!]!)))
    expect(d.noiseFloor.mean).toBeGreaterThan(0)
    expect(d.perVariant[1]!.excess.values).toEqual(d.perVariant[1]!.values.map((v, i) => v - d.noiseFloor.values[Math.floor(i / 2)]!))
    expect(d.max).toBe(Math.max(...d.perVariant.map((p) => p.mean)))
  })

  it('has a zero noise floor for a stage that is deterministic in its inputs', async () => {
    const { pipeline } = linearPipeline()
    const s = await sweep(pipeline, { perturbations: perturb.jitter('prep.n', 1), repeats: 3, cache: createMemoryStore() })
    const d = s.drift('s2', absDiff)
    expect(d.noiseFloor).toMatchObject({ mean: 0, ci: [0, 0], n: 1, measured: true })
    expect(d.perVariant.map((p) => p.values)).toEqual([[3, 3, 3], [4, 4, 4]])
  })

  it('measures a sampled stage whose noise floor interval covers the true value', async () => {
    // s = U(0,1) per sample; E|U − U'| = 1/3 for two independent uniforms.
    const u = defineStage({ name: 'u', stochastic: true, output: z.number(), run: ({ ctx }) => createRng(ctx.seed)() })
    const pipeline = definePipeline({ name: 'uniform', params: z.object({ k: z.number().default(1) }), stages: [u] })
    const s = await sweep(pipeline, { perturbations: perturb.jitter('k', 1), repeats: 60, cache: createMemoryStore() })
    const d = s.drift('u', absDiff)
    expect(d.noiseFloor.n).toBe(30)
    expect(d.noiseFloor.ci[0]).toBeLessThan(1 / 3)
    expect(d.noiseFloor.ci[1]).toBeGreaterThan(1 / 3)
    expect(d.noiseFloor.ci[1] - d.noiseFloor.ci[0]).toBeLessThan(0.3)
  })

  it('reports the ripple: where drift first exceeds its noise floor, stage by stage', async () => {
    const { pipeline } = linearPipeline()
    const s = await sweep(pipeline, { perturbations: perturb.jitter('prep.n', 2), repeats: 2, cache: createMemoryStore() })
    const d = s.drift('s5')
    expect(d.ripple.map((r) => r.stage)).toEqual(['s1', 's2', 's3', 's4', 's5'])
    expect(d.firstExceeding).toBe('s1')
    expect(d.ripple.find((r) => r.stage === 's2')).toMatchObject({ exceeds: true, noise: 0 })
  })

  it('applies a data perturbation after a stage, before its dependents see it', async () => {
    const { pipeline } = linearPipeline()
    const s = await sweep(pipeline, {
      perturbations: perturb.data('drop-last', (xs: number[]) => xs.slice(0, -1), { after: 's1' }),
      repeats: 2, cache: createMemoryStore(),
    })
    const d = s.drift('s2', absDiff)
    expect(d.perVariant[0]!.values).toEqual([3, 3])
    expect(s.variants[1]!.runs[0]!.stages.s1).toMatchObject({ perturbed: true })
  })

  it('expands a grid to the cross product and drops points outside the schema with a note', async () => {
    const { pipeline } = linearPipeline()
    const s = await sweep(pipeline, {
      params: { gen: { top_p: 0.98 } },
      perturbations: perturb.grid(perturb.jitter('gen.top_p', 0.05), perturb.swap('prep.n', [5, 6])),
      repeats: 1, cache: createMemoryStore(),
    })
    expect(s.variants.map((v) => v.id)).toEqual(['base', 'gen.top_p=0.93&prep.n=5', 'gen.top_p=0.93&prep.n=6'])
    expect(s.notes[0]).toMatch(/gen\.top_p=1\.03: outside the params schema/)
    expect(s.drift('s3', absDiff).noiseFloor.measured).toBe(false)
  })

  it('fails before running when a perturbation names an unknown path, naming the nearest valid ones', async () => {
    const { calls, pipeline } = linearPipeline()
    await expect(sweep(pipeline, { perturbations: perturb.jitter('gen.topp', 0.05), cache: createMemoryStore() }))
      .rejects.toThrow('[butterfly] [perturb] jitter(gen.topp, ±0.05): no param "gen.topp" in the pipeline\'s params; nearest valid: gen.top_p, prep.n')
    await expect(sweep(pipeline, { perturbations: perturb.data('x', (v) => v, { after: 'nope' }), cache: createMemoryStore() }))
      .rejects.toThrow(/no stage "nope" in pipeline "linear" \(stages: s1, s2, s3, s4, s5\)/)
    await expect(sweep(pipeline, { params: { gen: { top_p: 1 } }, perturbations: perturb.jitter('gen.top_p', 1.5), cache: createMemoryStore() }))
      .rejects.toThrow(/every point is outside the params schema/)
    expect(calls.s1).toBe(0)
  })

  it('streams progress per stage of every run', async () => {
    const { pipeline } = linearPipeline()
    const events: string[] = []
    await sweep(pipeline, { perturbations: perturb.swap('prep.n', 3), repeats: 1, cache: createMemoryStore(), onProgress: (e) => events.push(`${e.variant}/${e.of}:${e.stage}:${e.status}`) })
    expect(events).toHaveLength(10)
    expect(events).toContain('1/2:s1:executed')
  })
})

describe('sweep drift memo', () => {
  it('keeps apart two metrics that share a name but not their options', async () => {
    const { pipeline } = linearPipeline()
    const s = await sweep(pipeline, { perturbations: perturb.jitter('prep.n', 1), repeats: 1, cache: createMemoryStore() })
    const plain: Metric<number> = { name: 'same', describe: 'abs', compute: (a, b) => Math.abs(a - b) }
    const doubled: Metric<number> = { name: 'same', describe: 'abs × 2', compute: (a, b) => 2 * Math.abs(a - b) }
    expect(s.drift('s2', plain).max).toBe(4)
    expect(s.drift('s2', doubled).max).toBe(8)
    expect(s.drift('s2', plain)).toBe(s.drift('s2', plain))
  })
})

describe('sweep drift details', () => {
  it('keeps the metric order of changed items among equally frequent ones', async () => {
    const { pipeline } = linearPipeline()
    const s = await sweep(pipeline, { perturbations: perturb.jitter('prep.n', 1), repeats: 1, cache: createMemoryStore() })
    const ordered: Metric<number> = {
      name: 'ordered', describe: 'abs', compute: (a, b) => Math.abs(a - b),
      details: () => ({ changed: ['zeta moved most', 'alpha moved least'] }),
    }
    expect(s.drift('s2', ordered).perVariant[0]!.changed).toEqual(['zeta moved most', 'alpha moved least'])
  })
})

describe('sweep drift of a stage downstream of a failure', () => {
  it('names the stage that failed and why, not only the skip', async () => {
    const bad = defineStage({ name: 'bad', output: z.number(), run: () => 'oops' as unknown as number })
    const mid = defineStage({ name: 'mid', needs: { bad }, output: z.number(), run: ({ inputs }) => inputs.bad })
    const end = defineStage({ name: 'end', needs: { mid }, output: z.number(), run: ({ inputs }) => inputs.mid })
    const pipeline = definePipeline({ name: 'broken', params: z.object({ k: z.number().default(1) }), stages: [bad, mid, end] })
    const s = await sweep(pipeline, { perturbations: perturb.jitter('k', 1), repeats: 1, cache: createMemoryStore() })
    expect(() => s.drift('end')).toThrow('stage "end" has no output in variant "base" sample 0: it was skipped because "bad" failed: stage "bad" returned an invalid output at (root): Invalid input: expected number, received string')
  })
})

describe('ripple sampling', () => {
  it('spreads at most `cap` sample indices evenly, the same every time', async () => {
    const { spreadIndices } = await import('./ripple.ts')
    expect(spreadIndices(5, 32)).toEqual([0, 1, 2, 3, 4])
    expect(spreadIndices(10, 4)).toEqual([0, 2, 5, 7])
  })

  it('estimates other stages from the spread subset and the measured stage from every pair', async () => {
    const { pipeline } = linearPipeline()
    const s = await sweep(pipeline, { perturbations: perturb.jitter('gen.top_p', 0.05), repeats: 6, cache: createMemoryStore() })
    const full = s.drift('s5', undefined, { rippleSamples: 32 })
    const sampled = s.drift('s5', undefined, { rippleSamples: 2 })
    expect(sampled.perVariant.map((p) => p.values)).toEqual(full.perVariant.map((p) => p.values))
    const s3 = (d: typeof full) => d.ripple.find((r) => r.stage === 's3')!
    expect(s3(sampled).drift).not.toBe(s3(full).drift)
    expect(s3(full).drift).toBeGreaterThan(0)
  })
})
