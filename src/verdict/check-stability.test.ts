import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, sep } from 'node:path'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { createMemoryStore } from '../cache/memory.ts'
import { definePipeline } from '../core/pipeline.ts'
import { defineStage } from '../core/stage.ts'
import { ButterflyError } from '../errors.ts'
import { metrics } from '../metrics/metrics.ts'
import { perturb } from '../perturbations/perturb.ts'
import { planRepeats } from '../stats/power.ts'
import { createRng } from '../stats/rng.ts'
import { sequentialLooks } from '../stats/sequential.ts'
import { mean } from '../stats/summary.ts'
import { checkStability } from './check-stability.ts'
import { sweep } from './sweep.ts'

// A "model" that picks a winner among a, b, c: P(a) = bias, the rest split the remainder.
// `label` salts the random draw: changing it gives every sample a new draw (as a
// top_p change does to an LLM) without any effect on the distribution.
const params = z.object({
  pick: z.object({ bias: z.number().min(0).max(1).default(0.5), label: z.string().default('x'), note: z.string().default('') }).prefault({}),
  post: z.object({ upper: z.boolean().default(false), empty: z.boolean().default(false) }).prefault({}),
})
type P = z.infer<typeof params>
const pick = defineStage({
  name: 'pick', stochastic: true, params: (p: P) => p.pick, output: z.object({ winner: z.string() }),
  run: ({ params: { bias, label }, ctx }) => {
    const u = createRng(ctx.seed + (label === 'x' ? 0 : 1_000_003))()
    return { winner: u < bias ? 'a' : u < bias + (1 - bias) / 2 ? 'b' : 'c' }
  },
})
const post = defineStage({
  name: 'post', needs: { pick }, params: (p: P) => p.post, output: z.object({ winner: z.string(), items: z.array(z.string()) }),
  run: ({ inputs, params: { upper, empty } }) => ({ winner: upper && inputs.pick.winner === 'c' ? 'C' : inputs.pick.winner, items: empty ? [] : [inputs.pick.winner] }),
})
const fixed = defineStage({ name: 'fixed', params: (p: P) => p.post, output: z.number(), run: ({ params: { upper } }) => (upper ? 0.3 : 0.1) })
const pipeline = definePipeline({ name: 'verdict-unit', params, stages: [pick, post, fixed] })
const winner = { name: 'winner', describe: 'did the winner change', compute: (a: { winner: string }, b: { winner: string }) => (a.winner === b.winner ? 0 : 1) }

describe('checkStability', () => {
  it('calls a deterministic stage exactly: stable within the tolerance, unstable beyond, with an exact (not 95 %) interval', async () => {
    const base = { stage: 'fixed', metric: metrics.numeric(), repeats: 2, cache: createMemoryStore() } as const
    const within = await checkStability(pipeline, perturb.swap('post.upper', true), { ...base, tolerance: 0.25 })
    expect(within).toMatchObject({ outcome: 'stable', reference: 'deterministic', pValue: 1, effect: { estimate: expect.closeTo(0.2, 9), confidence: 1 } })
    const beyond = await checkStability(pipeline, perturb.swap('post.upper', true), { ...base, tolerance: 0.1 })
    expect(beyond).toMatchObject({ outcome: 'unstable', pValue: 0 })
  })

  it('treats a stochastic stage that gave one output in every sample on both sides as deterministic', async () => {
    // A subsample stage asked for every item ignores its seed: its drift is exact, not a sample.
    const all = defineStage({ name: 'all', stochastic: true, params: (p: P) => p.post, output: z.number(), run: ({ params: { upper } }) => (upper ? 0.3 : 0.1) })
    const seedless = definePipeline({ name: 'verdict-seedless', params, stages: [all] })
    const v = await checkStability(seedless, perturb.swap('post.upper', true), { stage: 'all', metric: metrics.numeric(), tolerance: 0.1, repeats: 2, cache: createMemoryStore() })
    expect(v).toMatchObject({ outcome: 'unstable', reference: 'deterministic', pValue: 0 })
  })

  it('uses shared seeds when the perturbation leaves every random draw as it was', async () => {
    // post.upper only renames winner c downstream of the draw: a real effect, and the reference is 0.
    const v = await checkStability(pipeline, perturb.swap('post.upper', true), { stage: 'post', metric: winner, tolerance: 0, repeats: 10, cache: createMemoryStore() })
    expect(v.reference).toBe('shared-seeds')
    expect(v.outcome).toBe('unstable')
    expect(v.pValue).toBe(0)
    expect(v.variants[0]!.method).toMatch(/exact binomial/)
    // The bounds are Clopper–Pearson of k of 10 at one-sided α, never degenerate.
    expect(v.effect.upper).toBeGreaterThan(v.effect.estimate)
  })

  it('uses shared seeds when a param the stage ignores changes its key but not its draws', async () => {
    const v = await checkStability(pipeline, perturb.swap('pick.note', 'n'), { stage: 'pick', metric: winner, tolerance: 0, repeats: 10, cache: createMemoryStore() })
    expect(v).toMatchObject({ reference: 'shared-seeds', outcome: 'inconclusive', pValue: 1 })
    expect(v.variants[0]!.drift).toEqual(Array.from({ length: 10 }, () => 0))
    expect(v.notes.join('\n')).toMatch(/inconclusive: nothing changed significantly, and a tolerance of 0 can never be shown stable/)
  })

  it('uses independent streams when the perturbation changes the random draws, and keeps false alarms near α', async () => {
    // 200 no-effect checks (different seeds) at α = 0.05: expect ≈ 10 unstable; P(Binomial(200, 0.05) ≥ 19) < 0.01.
    const cache = createMemoryStore()
    let unstable = 0
    for (let seed = 0; seed < 200; seed++) {
      const v = await checkStability(pipeline, perturb.swap('pick.label', 'y'), { stage: 'pick', metric: winner, tolerance: 0, repeats: 20, seed, cache })
      expect(v.reference).toBe('independent-streams')
      if (v.outcome === 'unstable') unstable += 1
    }
    expect(unstable).toBeLessThan(19)
  })

  it('finds a real effect with independent streams and says what the test was', async () => {
    // Base: a wins 90 % (two base samples differ 18.5 % of the time); variant: a wins 10 %, so base and variant differ 86.5 %.
    const v = await checkStability(pipeline, perturb.swap('pick.bias', 0.1), { stage: 'pick', metric: winner, tolerance: 0, repeats: 40, params: { pick: { bias: 0.9 } }, cache: createMemoryStore() })
    expect(v.outcome).toBe('unstable')
    expect(v.pValue).toBeLessThan(0.05)
    expect(v.variants[0]!.method).toMatch(/McNemar/)
    expect(v.variants[0]!.n).toBe(20)
  })

  it('adjusts across variants with Holm', async () => {
    const v = await checkStability(pipeline, perturb.jitter('pick.bias', 0.1), { stage: 'pick', metric: winner, tolerance: 0, repeats: 10, cache: createMemoryStore() })
    expect(v.variants).toHaveLength(2)
    const [a, b] = v.variants
    const lo = Math.min(a!.pValue, b!.pValue)
    expect(Math.min(a!.adjustedPValue, b!.adjustedPValue)).toBeCloseTo(Math.min(1, 2 * lo), 12)
    expect(v.pValue).toBe(Math.min(a!.adjustedPValue, b!.adjustedPValue))
  })

  it('is inconclusive with a note when tolerance 0 meets a noisy stage and nothing significant changed', async () => {
    const v = await checkStability(pipeline, perturb.swap('pick.label', 'y'), { stage: 'pick', metric: winner, tolerance: 0, repeats: 6, cache: createMemoryStore() })
    expect(v.outcome).toBe('inconclusive')
    expect(v.notes.join('\n')).toMatch(/tolerance 0 on a stage whose own samples differ/)
  })

  it('reports vacuous when every compared output is empty on both sides', async () => {
    const items = { name: 'items', describe: 'items', compute: () => 0, empty: (o: { items: string[] }) => o.items.length === 0 }
    const emptyPipeline = definePipeline({ name: 'verdict-empty', params: params.extend({ post: z.object({ upper: z.boolean().default(false), empty: z.boolean().default(true) }).prefault({}) }), stages: [pick, post] })
    const v = await checkStability(emptyPipeline, perturb.swap('post.upper', true), { stage: 'post', metric: items, tolerance: 0.1, repeats: 4, cache: createMemoryStore() })
    expect(v.outcome).toBe('vacuous')
  })

  it('stops sequential repeats as soon as the outcome is decided, at the looks of the group-sequential design', async () => {
    const v = await checkStability(pipeline, perturb.swap('pick.bias', 0), { stage: 'pick', metric: winner, tolerance: 0, repeats: { min: 10, max: 80 }, params: { pick: { bias: 1 } }, cache: createMemoryStore() })
    expect(v.outcome).toBe('unstable')
    const design = sequentialLooks(10, 80, 0.05)
    expect(v.looks!.length).toBeLessThan(design.length)
    // The first look tests at the α spent by t = 10/80 (its boundary is a plain normal quantile; scipy 1.17, the
    // formula of sequential.test.ts: 0.0033719895); tolerance 0 and no minEffect: no futility boundary.
    expect(v.looks![0]).toMatchObject({ repeats: 10, alpha: expect.closeTo(0.0033719895, 7) })
    expect(v.looks![0]!.beta).toBeUndefined()
    expect(v.looks!.map((l) => l.repeats)).toEqual(design.slice(0, v.looks!.length).map((l) => l.repeats))
    expect(v.repeats).toBe(v.looks!.at(-1)!.repeats)
    expect(v.alpha).toBe(0.05)
    expect(v.effect.confidence).toBeCloseTo(0.9, 12)
    // The p-value is valid across the looks: at most the α spent by the deciding look (what its nominal levels add up to at most).
    expect(v.pValue).toBeLessThanOrEqual(design.slice(0, v.looks!.length).reduce((a, l) => a + l.alpha, 0) + 1e-6)
    expect(v.pValue).toBeGreaterThanOrEqual(v.variants[0]!.pValue)
  })

  it('stops early at the futility boundary when the excess is far below tolerance + minEffect: inconclusive, never stable beyond the tolerance', async () => {
    // No effect (a new stream), tolerance 0.1, minEffect 0.3: an excess of 0.4 is rejected long before max.
    const v = await checkStability(pipeline, perturb.swap('pick.label', 'y'), { stage: 'pick', metric: winner, tolerance: 0.1, minEffect: 0.3, repeats: { min: 8, max: 200 }, cache: createMemoryStore() })
    expect(v.repeats).toBeLessThan(200)
    expect(v.futility).toBe(true)
    // Rejecting an excess of 0.4 does not show the excess within 0.1: the upper bound is above the tolerance.
    expect(v.outcome).toBe('inconclusive')
    expect(v.effect.upper).toBeGreaterThan(0.1)
    expect(v.notes.join('\n')).toMatch(/stops early, inconclusive, .* as it did here: not shown within the tolerance/)
    const last = v.looks!.at(-1)!
    expect(last.beta).toBeGreaterThan(0)
    expect(v.variants[0]!.notes.join('\n')).toMatch(/futility boundary: upper bound [\d.]+ at level [\d.]+ is below tolerance \+ minEffect = 0.4, so an excess of that size is rejected \(not shown within the tolerance\)/)
    expect(v.notes.join('\n')).toMatch(/sequential repeats 8\.\.200: .*error-spending group-sequential design/)
    // Without the futility boundary (minEffect = tolerance: alternative 0.2) the same data need more looks or stay inconclusive longer.
    const strict = await checkStability(pipeline, perturb.swap('pick.label', 'y'), { stage: 'pick', metric: winner, tolerance: 0.1, minEffect: 0.1, repeats: { min: 8, max: 200 }, cache: createMemoryStore() })
    expect(strict.repeats).toBeGreaterThanOrEqual(v.repeats)
    // Stopped early, not unstable: no valid p-value below 1 can be given for the looks it did not take.
    expect(v.pValue).toBe(1)
  })

  it('plans sequential repeats at the declared α for max repeats, not at the deciding look\'s level', async () => {
    const warnings: string[] = []
    const v = await checkStability(pipeline, perturb.swap('pick.label', 'y'), { stage: 'pick', metric: winner, tolerance: 0.1, repeats: { min: 16, max: 120 }, cache: createMemoryStore(), onWarning: (m) => warnings.push(m) })
    const needed = planRepeats({ metric: 'binary', effect: 0.1, tolerance: 0.1, noise: mean(v.variants[0]!.noise), alpha: 0.05 }).repeats
    expect(needed).toBeGreaterThan(120)
    expect(v.repeatsNeeded).toBe(needed)
    expect(v.notes.join('\n')).toMatch(new RegExp(`underpowered: 120 repeats cannot detect an excess drift of 0.1 beyond the tolerance with 80 % power at α = 0.05 given the noise measured; the planner asks for ${needed}`))
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toMatch(/underpowered: 120 repeats .* at α = 0\.05 /)
  })

  it('states how many repeats a tolerance needs when the design is underpowered', async () => {
    const warnings: string[] = []
    const v = await checkStability(pipeline, perturb.swap('pick.label', 'y'), { stage: 'pick', metric: winner, tolerance: 0.1, repeats: 6, cache: createMemoryStore(), onWarning: (m) => warnings.push(m) })
    expect(v.repeatsNeeded).toBeGreaterThan(6)
    expect(v.notes.join('\n')).toMatch(/underpowered: 6 repeats/)
    expect(warnings).toEqual([expect.stringMatching(/^\[butterfly\] \[checkStability\] pipeline "verdict-unit" stage "pick": underpowered/)])
  })

  it('warns before running when the last check of the assertion left the noise it measured in the cache', async () => {
    const cache = createMemoryStore()
    const o = { stage: 'pick', metric: winner, tolerance: 0.1, cache } as const
    const first: string[] = []
    const enough = await checkStability(pipeline, perturb.swap('pick.label', 'y'), { ...o, repeats: 40, onWarning: (m) => first.push(m) })
    // Nothing was known before the first check; 40 repeats measured the noise (and may have sufficed).
    expect(first.some((m) => m.includes('before running'))).toBe(false)
    const needed = planRepeats({ metric: 'binary', effect: 0.1, tolerance: 0.1, noise: mean(enough.variants[0]!.noise) }).repeats
    expect(needed).toBeGreaterThan(6)
    // The next check with 6 repeats is told before its sweep runs, from that memo, and only once.
    const order: string[] = []
    const v = await checkStability(pipeline, perturb.swap('pick.label', 'y'), { ...o, repeats: 6, onWarning: (m) => order.push(m), onProgress: () => order.push('ran') })
    expect(order[0]).toMatch(new RegExp(`^\\[butterfly\\] \\[checkStability\\] pipeline "verdict-unit" stage "pick": before running: underpowered: the last check of this assertion measured base samples differed in \\d+ of 20 blocks; at that noise 6 repeats cannot detect .* the planner asks for ${needed} \\(planRepeats\\)`))
    expect(order.filter((m) => m.includes('underpowered'))).toHaveLength(1)
    expect(v.repeatsNeeded).toBeGreaterThan(6)
  })

  it('keeps the memo beside the entries of a cache directory, for the next process', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'butterfly-memo-'))
    try {
      const o = { stage: 'pick', metric: winner, tolerance: 0.1, cacheDir: dir } as const
      await checkStability(pipeline, perturb.swap('pick.label', 'y'), { ...o, repeats: 20, onWarning: () => {} })
      const files = await readdir(dir, { recursive: true })
      expect(files.filter((f) => f.startsWith(`noise${sep}`) && f.endsWith('.json'))).toHaveLength(1)
      expect(files.filter((f) => f.endsWith('.entry')).every((f) => !f.startsWith('noise'))).toBe(true)
      const warnings: string[] = []
      await checkStability(pipeline, perturb.swap('pick.label', 'y'), { ...o, repeats: 4, onWarning: (m) => warnings.push(m) })
      expect(warnings[0]).toMatch(/before running: underpowered: the last check of this assertion measured base samples differed in \d+ of 10 blocks/)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('rejects removed options with the migration, and maps confidence to alpha', async () => {
    const o = { stage: 'pick', tolerance: 0, repeats: 2, cache: createMemoryStore() } as const
    await expect(checkStability(pipeline, perturb.swap('pick.label', 'y'), { ...o, statistic: 'max' } as never)).rejects.toThrow(/option "statistic" was removed.*docs\/statistics.md#migration/)
    await expect(checkStability(pipeline, perturb.swap('pick.label', 'y'), { ...o, excess: false } as never)).rejects.toThrow(ButterflyError)
    await expect(checkStability(pipeline, perturb.swap('pick.label', 'y'), { ...o, alpha: 0.7 })).rejects.toThrow(/option "alpha" must be in \(0, 0.5\)/)
    await expect(checkStability(pipeline, perturb.swap('pick.label', 'y'), { ...o, stage: 'pik' as 'pick' })).rejects.toThrow(/\[checkStability\] option "stage": pipeline "verdict-unit" has no stage "pik" \(stages: pick, post, fixed\)/)
    const v = await checkStability(pipeline, perturb.swap('pick.label', 'y'), { ...o, metric: winner, confidence: 0.9 })
    expect(v.alpha).toBeCloseTo(0.1, 12)
    expect(v.notes[0]).toMatch(/deprecated/)
  })
})

describe('sweep().verdict', () => {
  it('gives the same verdict as checkStability for the same sweep', async () => {
    const cache = createMemoryStore()
    const s = await sweep(pipeline, { perturbations: perturb.swap('pick.bias', 0.9), repeats: 12, cache })
    const fromSweep = s.verdict('pick', winner, { tolerance: 0.05 })
    const direct = await checkStability(pipeline, perturb.swap('pick.bias', 0.9), { stage: 'pick', metric: winner, tolerance: 0.05, repeats: 12, cache })
    expect(fromSweep).toEqual(direct)
  })
})
