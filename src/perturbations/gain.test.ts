import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { createMemoryStore } from '../cache/memory.ts'
import { definePipeline } from '../core/pipeline.ts'
import { defineStage } from '../core/stage.ts'
import { perturb } from './perturb.ts'
import { sweep } from './sweep.ts'

const params = z.object({ s: z.object({ p: z.number().min(0).max(1).default(0.5) }).default({ p: 0.5 }) })
type Params = z.infer<typeof params>

// A stochastic source whose sample noise is shared between base and variant (same seed), then
// stages that triple, divide by ten, copy, and ignore what they get.
const s = defineStage({
  name: 's', stochastic: true, params: (p: Params) => p.s, output: z.number(),
  run: ({ params: p, ctx }) => p.p + (ctx.seed % 97) / 1000,
})
const amp = defineStage({ name: 'amp', needs: { s }, output: z.number(), run: ({ inputs }) => inputs.s * 3 })
const damp = defineStage({ name: 'damp', needs: { amp }, output: z.number(), run: ({ inputs }) => inputs.amp / 10 })
const copy = defineStage({ name: 'copy', needs: { damp }, output: z.number(), run: ({ inputs }) => inputs.damp })
const flat = defineStage({ name: 'flat', needs: { copy }, output: z.number(), run: () => 42 })
const pipeline = definePipeline({ name: 'gain', params, stages: [s, amp, damp, copy, flat] })

describe('sweep().gain(): each stage\'s output drift against its inputs\' drift', () => {
  it('tells the source, the stages that amplify, damp or pass on, and the one that stops the ripple', async () => {
    const result = await sweep(pipeline, { perturbations: perturb.jitter('s.p', 0.05), repeats: 8, cache: createMemoryStore() })
    const gains = result.gain()
    expect(gains).toHaveLength(2 * 5)
    const labels = [...new Set(gains.map((g) => g.variant.label))]
    expect(labels).toHaveLength(2)
    for (const variant of labels) {
      const by = Object.fromEntries(gains.filter((g) => g.variant.label === variant).map((g) => [g.stage, g]))
      expect(by.s).toMatchObject({ role: 'source', inputs: [], gain: null, n: 8 })
      expect(by.s!.outputDrift).toBeCloseTo(0.05, 10)
      expect(by.amp).toMatchObject({ role: 'amplifies', inputs: ['s'] })
      expect(by.amp!.gain!.estimate).toBeCloseTo(3, 10)
      expect(by.damp!.gain!.estimate).toBeCloseTo(0.1, 10)
      expect(by.damp!.role).toBe('damps')
      expect(by.copy).toMatchObject({ role: 'passes' })
      expect(by.copy!.gain!.lower).toBeLessThanOrEqual(1)
      expect(by.copy!.gain!.upper).toBeGreaterThanOrEqual(1)
      expect(by.flat).toMatchObject({ role: 'damps', outputDrift: 0 })
    }
  })

  it('gives an interval that holds the ratio and widens with noisy pairs', async () => {
    // A stage whose output drift varies from sample to sample around twice its input's.
    const noisy = defineStage({
      name: 'noisy', needs: { s }, stochastic: true, output: z.number(),
      run: ({ inputs, ctx }) => inputs.s * 2 + ((ctx.seed >>> 3) % 7) / 100 * inputs.s,
    })
    const p = definePipeline({ name: 'gain-noisy', params, stages: [s, noisy] })
    const result = await sweep(p, { perturbations: perturb.swap('s.p', [0.6]), repeats: 20, cache: createMemoryStore() })
    const g = result.gain().find((x) => x.stage === 'noisy')!
    expect(g.gain!.lower).toBeLessThanOrEqual(g.gain!.estimate)
    expect(g.gain!.upper).toBeGreaterThanOrEqual(g.gain!.estimate)
    expect(g.gain!.upper).toBeGreaterThan(g.gain!.lower)
    expect(g.gain!.estimate).toBeGreaterThan(2)
    expect(g.role).toBe('amplifies')
  })

  it('names a stage it cannot compare instead of guessing', async () => {
    const broken = defineStage({ name: 'broken', needs: { s }, output: z.number(), run: () => { throw new Error('boom') } })
    const p = definePipeline({ name: 'gain-broken', params, stages: [s, broken] })
    const result = await sweep(p, { perturbations: perturb.swap('s.p', [0.6]), repeats: 2, cache: createMemoryStore(), onWarning: () => {} })
    const g = result.gain().find((x) => x.stage === 'broken')!
    expect(g.error).toMatch(/broken/)
    expect(g.gain).toBeNull()
  })
})
