import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { createMemoryStore } from '../cache/memory.ts'
import { definePipeline } from '../core/pipeline.ts'
import { defineStage } from '../core/stage.ts'
import { metrics } from '../metrics/metrics.ts'
import { perturb } from '../perturbations/perturb.ts'
import type { RunRecord, StabilityRecord } from '../report/record.ts'
import { run } from '../run/run.ts'
import { checkStability } from '../verdict/check-stability.ts'
import { report } from './report.ts'

const params = z.object({ pick: z.object({ best: z.enum(['a', 'b', 'boom']).default('a') }).prefault({}) })
type Params = z.infer<typeof params>
const pick = defineStage({ name: 'pick', params: (p: Params) => p.pick, output: z.string(), run: ({ params: p }) => p.best })
const check = defineStage({
  name: 'check', needs: { pick }, output: z.string(),
  run: ({ inputs }) => {
    if (inputs.pick === 'boom') throw new Error('no such candidate')
    return inputs.pick.toUpperCase()
  },
})
const pipeline = definePipeline({ name: 'report-unit', params, stages: [pick, check] })

describe('report()', () => {
  it('puts a checkStability() verdict into the test\'s records with the drift and ripple of the sweep it kept', async ({ task }) => {
    const verdict = await checkStability(pipeline, perturb.swap('pick.best', 'b'), { stage: 'check', metric: metrics.exact(), tolerance: 0, repeats: 2, cache: createMemoryStore() })
    expect(verdict).toMatchObject({ outcome: 'unstable', pipeline: 'report-unit', stage: 'check', perturbations: ['swap(pick.best → b)'] })
    const record = await report(verdict)
    expect(record).toMatchObject({ kind: 'stability', reported: true, pass: false, outcome: verdict.outcome, pValue: verdict.pValue, stage: 'check', metric: { name: 'exact' } })
    expect(record.ripple.map((r) => r.stage)).toEqual(['pick', 'check'])
    expect(record.variants[0]!.values).toEqual([1, 1])
    expect(task.meta.butterfly!.records.at(-1)).toEqual(record)
    // A copy has no sweep to draw from: said, not guessed.
    await expect(report(structuredClone(verdict))).rejects.toThrow(/not returned by checkStability\(\) or sweep\(\)\.verdict\(\) in this test file/)
    await expect(report(verdict as never, { stage: 'check', tolerance: 0 } as never)).rejects.toThrow(/options apply to a sweep result only/)
  })

  it('puts a failed run() into the report with the stage that failed; the test passes', async ({ task }) => {
    const record: RunRecord = await report(await run(pipeline, { pick: { best: 'boom' } }, { cache: createMemoryStore() }))
    expect(record).toMatchObject({
      kind: 'run', pipeline: 'report-unit', status: 'failed', pass: false, reported: true,
      stages: [{ stage: 'pick', status: 'executed', modelCalls: 0 }, { stage: 'check', status: 'failed', note: expect.stringContaining('no such candidate') }],
      execution: { runs: 1, executed: 1, failed: 1 },
    })
    expect(record.stages[0]!.hash).toMatch(/^[0-9a-f]+$/)
    expect((task.meta.butterfly!.records as (RunRecord | StabilityRecord)[]).map((r) => r.kind)).toEqual(['run'])
  })

  it('says what it takes', async () => {
    await expect(report(42 as never)).rejects.toThrow('[butterfly] [report] expects a sweep result (sweep()), a checkStability() verdict or a run() result, got number')
  })
})
