import { afterEach, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { createMemoryStore } from '../cache/memory.ts'
import { definePipeline } from '../core/pipeline.ts'
import { defineStage } from '../core/stage.ts'
import { perturb } from './perturb.ts'
import { sweep } from './sweep.ts'
import { watchUnwatchedSweeps } from './unwatched.ts'

const params = z.object({ x: z.number().default(1) })
const double = defineStage({ name: 'double', params: (p: { x: number }) => p, output: z.number(), run: ({ params: p }) => p.x * 2 })
const pipeline = definePipeline({ name: 'unwatched', params, stages: [double] })

afterEach(() => watchUnwatchedSweeps(undefined))

describe('sweeps nobody follows', () => {
  it('are followed by the watcher the Vitest layer sets, to their end; a sweep with its own onProgress is not', async () => {
    const seen: string[] = []
    watchUnwatchedSweeps((label) => ({ update: (e) => seen.push(`${label} ${e.runs.done}/${e.runs.total}`), done: () => seen.push(`${label} done`) }))
    await sweep(pipeline, { perturbations: [perturb.swap('x', 2)], repeats: 1, cache: createMemoryStore() })
    // One event per stage run (base and variant, run concurrently), then the end.
    const event = expect.stringMatching(/^sweep of "unwatched" [01]\/2$/)
    expect(seen).toEqual([event, event, 'sweep of "unwatched" done'])
    seen.length = 0
    const own: number[] = []
    await sweep(pipeline, { perturbations: [perturb.swap('x', 3)], repeats: 1, cache: createMemoryStore(), onProgress: (e) => own.push(e.runs.done) })
    expect(seen).toEqual([])
    expect(own).toHaveLength(2)
  })

  it('a failed sweep still ends its watch', async () => {
    const seen: string[] = []
    watchUnwatchedSweeps(() => ({ update: () => {}, done: () => seen.push('done') }))
    await expect(sweep(pipeline, { perturbations: [], repeats: 1 })).rejects.toThrow('[sweep] give at least one perturbation')
    expect(seen).toEqual(['done'])
  })
})
