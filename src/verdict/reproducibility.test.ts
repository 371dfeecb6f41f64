import { beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { createMemoryStore } from '../cache/memory.ts'
import { definePipeline } from '../core/pipeline.ts'
import { defineStage } from '../core/stage.ts'
import { metrics } from '../metrics/metrics.ts'
import type { StabilityRecord } from '../report/record.ts'
import { planRepeats } from '../stats/power.ts'
import { createRng } from '../stats/rng.ts'
import '../vitest/matcher-types.ts'
import { toBeReproducible } from '../vitest/to-be-reproducible.ts'
import { checkReproducibility } from './reproducibility.ts'

// A noisy "winner": b with probability `pB` per run (two runs differ with
// probability 2·pB·(1 − pB)); a noisy score; and a deterministic stage.
const params = z.object({ pB: z.number().min(0).max(1).default(0.5), empty: z.boolean().default(false) })
type Params = z.infer<typeof params>
const draw = defineStage({
  name: 'draw', stochastic: true, params: (p: Params) => p, output: z.object({ u: z.number(), z: z.number() }),
  run: ({ ctx }) => {
    const next = createRng(ctx.seed)
    return { u: next(), z: next() + next() + next() - 1.5 }
  },
})
const winner = defineStage({ name: 'winner', needs: { draw }, params: (p: Params) => p, output: z.array(z.string()), run: ({ inputs, params: p }) => (p.empty ? [] : inputs.draw.u < p.pB ? ['b', 'a'] : ['a', 'b']) })
const score = defineStage({ name: 'score', needs: { draw }, output: z.number(), run: ({ inputs }) => inputs.draw.z })
const fixed = defineStage({ name: 'fixed', output: z.number(), run: () => 42 })
const pipeline = definePipeline({ name: 'repro-unit', params, stages: [draw, winner, score, fixed] })

// P(Bin(n, p) ≥ k), summed term by term: the exact binomial test's p-value, computed independently of src/stats.
function binomialUpperTail(k: number, n: number, p: number): number {
  let total = 0
  for (let i = k; i <= n; i++) {
    let c = 1
    for (let j = 0; j < i; j++) c = (c * (n - j)) / (j + 1)
    total += c * p ** i * (1 - p) ** (n - i)
  }
  return total
}

describe('checkReproducibility', () => {
  it('warns when its repeats cannot detect an excess of the tolerance (counting two runs per pair), and before running on the next check', async () => {
    const cache = createMemoryStore()
    const warnings: string[] = []
    const check = () => checkReproducibility(pipeline, {
      stage: 'winner', metric: metrics.top1(), tolerance: 0.1, repeats: 10, params: { pB: 0.08 }, cache, onWarning: (m) => warnings.push(m),
    })
    const v = await check()
    expect(v.outcome).toBe('inconclusive')
    // Pairs of identical runs are tested against a reference of 0: the planner's shared-seeds form, in pairs.
    const pairs = planRepeats({ metric: 'binary', reference: 'shared-seeds', noise: 0, effect: 0.1, tolerance: 0.1, alpha: 0.05 }).repeats
    expect(pairs).toBeGreaterThan(5)
    expect(v.repeatsNeeded).toBe(2 * pairs)
    expect(warnings).toEqual([expect.stringMatching(new RegExp(`^\\[butterfly\\] \\[checkReproducibility\\] pipeline "repro-unit" stage "winner": underpowered: 10 repeats cannot detect .* the planner asks for ${2 * pairs} \\(planRepeats\\)`))])
    await check()
    expect(warnings).toHaveLength(2)
    expect(warnings[1]).toMatch(new RegExp(`stage "winner": before running: underpowered: the last check of this assertion measured shared seeds, 0/1 drift \\(5 samples\\); at that noise 10 repeats cannot detect .* the planner asks for ${2 * pairs} \\(planRepeats\\)`))
  })

  it('tests the share of pairs of identical runs whose winner differs with the exact binomial test', async () => {
    const v = await checkReproducibility(pipeline, { stage: 'winner', metric: metrics.top1(), tolerance: 0.2, repeats: 40, cache: createMemoryStore() })
    const changed = v.variants[0]!.drift.filter((d) => d === 1).length
    expect(v.variants[0]!.n).toBe(20)
    expect(v.pValue).toBeCloseTo(binomialUpperTail(changed, 20, 0.2), 10)
    expect(v.effect.estimate).toBe(changed / 20)
    expect(v.reference).toBe('independent-streams')
    expect(v.repeats).toBe(40)
    // Two runs differ with probability 0.5: far above 0.2.
    expect(v.outcome).toBe('unstable')
  })

  it('is stable when the runs agree: a winner that is almost always the same (runs differ with probability 0.01), within a tolerance of 0.3', async () => {
    const v = await checkReproducibility(pipeline, { stage: 'winner', metric: metrics.top1(), tolerance: 0.3, repeats: 60, params: { pB: 0.005 }, cache: createMemoryStore() })
    expect(v.outcome).toBe('stable')
    expect(v.effect.upper).toBeLessThanOrEqual(0.3)
    expect(v.pValue).toBeGreaterThan(0.05)
  })

  it('judges a stage with no stochastic stage upstream exactly, and empty outputs as vacuous', async () => {
    const exact = await checkReproducibility(pipeline, { stage: 'fixed', tolerance: 0, repeats: 4, cache: createMemoryStore() })
    expect(exact).toMatchObject({ outcome: 'stable', reference: 'deterministic', pValue: 1, effect: { estimate: 0, lower: 0, upper: 0 } })
    const empty = await checkReproducibility(pipeline, { stage: 'winner', metric: metrics.top1(), tolerance: 0, repeats: 4, params: { empty: true }, cache: createMemoryStore() })
    expect(empty.outcome).toBe('vacuous')
  })

  it('stops sequential repeats at the first look that decides, at the design\'s nominal level', async () => {
    const v = await checkReproducibility(pipeline, { stage: 'winner', metric: metrics.top1(), tolerance: 0.05, repeats: { min: 20, max: 160 }, cache: createMemoryStore() })
    expect(v.outcome).toBe('unstable')
    expect(v.looks![0]).toMatchObject({ repeats: 20, outcome: 'unstable' })
    expect(v.looks).toHaveLength(1)
    // The α and β spent by t = 20/160 (scipy 1.17, the formula written in src/stats/sequential.test.ts).
    expect(v.looks![0]!.alpha).toBeCloseTo(0.0033719895, 7)
    expect(v.looks![0]!.beta).toBeCloseTo(0.0582184897, 7)
    expect(v.alpha).toBe(0.05)
  })

  it('names the option on misuse before running anything', async () => {
    await expect(checkReproducibility(pipeline, { stage: 'nope' as never, tolerance: 0 })).rejects.toThrow(/option "stage": pipeline "repro-unit" has no stage "nope"/)
    await expect(checkReproducibility(pipeline, { stage: 'winner', tolerance: -1 })).rejects.toThrow(/option "tolerance"/)
  })
})

describe('toBeReproducible', () => {
  beforeAll(() => {
    expect.extend({ toBeReproducible })
  })

  it('passes on a reproducible stage and fails on a noisy one with the outcome, p-value and bounds; .not asserts unstable', async ({ task }) => {
    await expect(pipeline).toBeReproducible({ stage: 'winner', metric: metrics.top1(), tolerance: 0.3, repeats: 60, params: { pB: 0.005 }, cache: createMemoryStore() })
    const error = await expect(pipeline).toBeReproducible({ stage: 'winner', metric: metrics.top1(), tolerance: 0.1, repeats: 40, cache: createMemoryStore() }).catch((e: Error) => e)
    expect(String(error)).toMatch(/UNSTABLE/)
    expect(String(error)).toMatch(/p [=<] /)
    await expect(pipeline).not.toBeReproducible({ stage: 'winner', metric: metrics.top1(), tolerance: 0.1, repeats: 40, cache: createMemoryStore() })
    const records = task.meta.butterfly!.records as StabilityRecord[]
    expect(records.map((r) => [r.outcome, r.negated, r.perturbations[0]])).toEqual([
      ['stable', false, 'identical runs (nothing changed)'], ['unstable', false, 'identical runs (nothing changed)'], ['unstable', true, 'identical runs (nothing changed)'],
    ])
    expect(records[0]!.variants[0]!.values).toHaveLength(30)
    expect(JSON.parse(JSON.stringify(records))).toEqual(records)
  })
})
