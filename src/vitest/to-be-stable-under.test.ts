import { beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { defineStage } from '../core/stage.ts'
import { definePipeline } from '../core/pipeline.ts'
import { metrics } from '../metrics/metrics.ts'
import { perturb } from '../perturbations/perturb.ts'
import { sweep } from '../verdict/sweep.ts'
import type { StabilityRecord } from '../report/record.ts'
import { toBeStableUnder } from './to-be-stable-under.ts'
import { toMatchBaseline } from './to-match-baseline.ts'
import './matcher-types.ts'

const params = z.object({
  pool: z.object({ set: z.enum(['a', 'b']).default('a') }).prefault({}),
  draw: z.object({ spread: z.number().min(0).max(1).default(0.1) }).prefault({}),
})
type Params = z.infer<typeof params>

let executions = 0
const pool = defineStage({
  name: 'pool',
  params: (p: Params) => p.pool,
  output: z.record(z.string(), z.number()),
  run: ({ params: p }) => (p.set === 'a' ? { x: 0.9, y: 0.5 } : { x: 0.2, y: 0.5 }),
})
const draw = defineStage({
  name: 'draw',
  params: (p: Params) => p.draw,
  needs: { pool },
  stochastic: true,
  output: z.record(z.string(), z.number()),
  run: ({ params: p, inputs, ctx }) => {
    executions++
    return Object.fromEntries(Object.entries(inputs.pool).map(([id, v], i) => [id, v + p.spread * (((ctx.seed >>> i) % 100) / 100 - 0.5)]))
  },
})
const pipeline = definePipeline({ name: 'matcher-unit', params, stages: [pool, draw] })

beforeAll(() => {
  expect.extend({ toBeStableUnder, toMatchBaseline })
})

const recordsOf = (task: { meta: { butterfly?: { records: unknown[] } } }) => (task.meta.butterfly?.records ?? []) as StabilityRecord[]

describe('toBeStableUnder', () => {
  it('passes when the winner never changes, and attaches a serialisable record to the task', async ({ task }) => {
    await expect(pipeline).toBeStableUnder(perturb.jitter('draw.spread', 0.05), { stage: 'draw', metric: metrics.top1(), tolerance: 0.5, repeats: 20, cache: false })
    const [record] = recordsOf(task)
    expect(record).toMatchObject({
      kind: 'stability', pipeline: 'matcher-unit', stage: 'draw', pass: true, negated: false, repeats: 20,
      outcome: 'stable', pValue: 1, alpha: 0.05, tolerance: 0.5, reference: 'independent-streams',
    })
    expect(record!.effect.upper).toBeLessThan(0.5)
    expect(record!.variants.map((v) => v.id)).toEqual(['draw.spread=0.05', 'draw.spread=0.15'])
    expect(JSON.parse(JSON.stringify(record))).toEqual(record)
  })

  it('passes an inconclusive check unless onInconclusive is fail', async ({ task }) => {
    const options = { stage: 'draw', metric: metrics.top1(), tolerance: 0, repeats: 4, cache: false } as const
    await expect(pipeline).toBeStableUnder(perturb.jitter('draw.spread', 0.05), options)
    expect(recordsOf(task)[0]).toMatchObject({ outcome: 'inconclusive', pass: true })
    const error = await expect(pipeline).toBeStableUnder(perturb.jitter('draw.spread', 0.05), { ...options, onInconclusive: 'fail' }).then(() => undefined, (e: Error) => e)
    expect(error?.message).toContain('the test is inconclusive (onInconclusive: \'fail\')')
  })

  it('fails on unstable with the outcome, p-value, bounds, α, reference and repeats in the message', async ({ task }) => {
    const assertion = expect(pipeline).toBeStableUnder(perturb.swap('pool.set', 'b'), { stage: 'draw', metric: metrics.top1(), tolerance: 0, repeats: 10, cache: false })
    const error = await assertion.then(() => undefined, (e: Error) => e)
    expect(error?.message).toContain('expected pipeline "matcher-unit" under swap(pool.set → b) at stage "draw" to be stable, but it is UNSTABLE')
    // 5 blocks, the winner changed against the base in all 5 and between base samples in none: exact McNemar p = 2^-5.
    expect(error?.message).toContain('p = 0.031 · α 0.05 · reference independent-streams · 10 repeats')
    expect(error?.message).toContain('drift per repeat [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]')
    expect(error?.message).toMatch(/exact one-sided McNemar test/)
    expect(error?.message).toContain('drift first exceeded the noise floor at "pool"')
    expect(recordsOf(task)[0]).toMatchObject({ pass: false, outcome: 'unstable', pValue: 1 / 32, firstExceeding: 'pool' })
  })

  it('with .not asserts unstable', async ({ task }) => {
    await expect(pipeline).not.toBeStableUnder(perturb.swap('pool.set', 'b'), { stage: 'draw', metric: metrics.top1(), tolerance: 0, repeats: 10, cache: false })
    expect(recordsOf(task)[0]).toMatchObject({ pass: false, negated: true, outcome: 'unstable' })
    const error = await expect(pipeline).not.toBeStableUnder(perturb.jitter('draw.spread', 0.05), { stage: 'draw', metric: metrics.top1(), tolerance: 0, cache: false })
      .then(() => undefined, (e: Error) => e)
    expect(error?.message).toContain('expected pipeline "matcher-unit" under jitter(draw.spread, ±0.05) at stage "draw" to be unstable, but it is inconclusive')
  })

  it('names removed options before anything runs', async () => {
    const before = executions
    await expect(expect(pipeline).toBeStableUnder(perturb.jitter('draw.spread', 0.05), { stage: 'draw', tolerance: 0, statistic: 'max', cache: false } as never))
      .rejects.toThrow(/\[toBeStableUnder\] option "statistic" was removed/)
    expect(executions).toBe(before)
  })

  it('accepts an existing sweep result, with or without the perturbations', async () => {
    const jitter = perturb.jitter('draw.spread', 0.05)
    const s = await sweep(pipeline, { perturbations: jitter, repeats: 2, cache: false })
    await expect(s).toBeStableUnder({ stage: 'draw', metric: metrics.top1(), tolerance: 0 })
    await expect(s).toBeStableUnder(jitter, { stage: 'draw', metric: metrics.top1(), tolerance: 0, repeats: 2 })
    await expect(expect(s).toBeStableUnder(perturb.swap('pool.set', 'b'), { stage: 'draw', tolerance: 0 })).rejects.toThrow(/the sweep result was not run under swap\(pool\.set → b\)/)
    await expect(expect(s).toBeStableUnder({ stage: 'draw', tolerance: 0, repeats: 5 })).rejects.toThrow(/option\(s\) "repeats" would not apply/)
  })

  it('names the misuse: no perturbation for a pipeline, not a pipeline, unknown stage', async ({ task }) => {
    // The types refuse this call; the runtime check is for untyped callers.
    const untyped = expect(pipeline) as unknown as { toBeStableUnder(options: unknown): Promise<void> }
    await expect(untyped.toBeStableUnder({ stage: 'draw', tolerance: 0 })).rejects.toThrow(/needs the perturbation\(s\) to run pipeline "matcher-unit" under/)
    await expect(expect({ nope: true }).toBeStableUnder(perturb.jitter('draw.spread', 0.05), { stage: 'draw', tolerance: 0 })).rejects.toThrow(/expects a pipeline \(definePipeline\) or a sweep result/)
    const progress: unknown[] = []
    await expect(expect(pipeline).toBeStableUnder(perturb.jitter('draw.spread', 0.05), { stage: 'nope' as 'draw', tolerance: 0, cache: false, onProgress: (e) => progress.push(e) }))
      .rejects.toThrow(/option "stage": pipeline "matcher-unit" has no stage "nope" \(stages: /)
    expect(progress).toEqual([])
    expect(recordsOf(task).map((r) => r.kind)).toEqual(['error', 'error', 'error'])
  })

  it('runs an identical sweep once per file, whichever stage the assertions check', async () => {
    const jitter = perturb.jitter('draw.spread', 0.02)
    const options = { tolerance: 1, repeats: 2, cache: false as const }
    const before = executions
    await expect(pipeline).toBeStableUnder(jitter, { ...options, stage: 'draw' })
    const once = executions - before
    await expect(pipeline).toBeStableUnder(jitter, { ...options, stage: 'pool' })
    expect(once).toBe(6) // 3 variants × 2 repeats of the stochastic stage
    expect(executions - before).toBe(once)
  })
})
