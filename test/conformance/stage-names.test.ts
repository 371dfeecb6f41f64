import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { checkBaseline } from '../../src/baselines/check.ts'
import { createMemoryStore } from '../../src/cache/memory.ts'
import { definePipeline } from '../../src/core/pipeline.ts'
import { defineStage } from '../../src/core/stage.ts'
import { numeric } from '../../src/metrics/numeric.ts'
import { perturb } from '../../src/perturbations/perturb.ts'
import { sweep } from '../../src/perturbations/sweep.ts'
import { run } from '../../src/run/run.ts'
import { tempDir } from '../support/temp-dir.ts'

// Names that Object.prototype already has: a lookup that is not an own-property
// lookup finds a function where the user's record has nothing.
const NAMES = ['constructor', 'toString', 'hasOwnProperty', 'valueOf'] as const

describe.each(NAMES)('a stage named %s', (name) => {
  const first = defineStage({ name, output: z.number(), run: () => 1 })
  const after = defineStage({ name: 'after', needs: { first }, output: z.number(), run: ({ inputs }) => inputs.first + 1 })
  const pipeline = definePipeline({ name: `named-${name}`, params: z.object({}), stages: [first, after] })

  it('runs unperturbed, and names a missing stage instead of finding a prototype member', async () => {
    const result = await run(pipeline, {}, { cache: createMemoryStore() })
    expect(result.status).toBe('passed')
    expect(result.output(name)).toBe(1)
    expect(result.output('after')).toBe(2)
    const other = definePipeline({ name: 'other', params: z.object({}), stages: [defineStage({ name: 'only', output: z.number(), run: () => 0 })] })
    const without = await run(other, {}, { cache: false })
    expect(Object.hasOwn(without.stages, name)).toBe(false)
    expect(() => without.output(name as never)).toThrow(`[butterfly] pipeline "other" has no stage "${name}" (stages: only)`)
  })

  it('is perturbed only by a perturbation that names it', async () => {
    const s = await sweep(pipeline, { perturbations: perturb.data('bump', (n: number) => n + 10, { after: 'after' }), repeats: 1, cache: createMemoryStore() })
    expect(s.variants.map((v) => v.runs[0]!.output('after'))).toEqual([2, 12])
    expect(s.variants.map((v) => v.runs[0]!.output(name))).toEqual([1, 1])
  })

  it('gets its own tolerance and metric in a baseline check, and none it did not declare', async () => {
    const snapshotDir = join(tempDir('butterfly-names-'), 'snapshots')
    const base = { snapshotDir, specFile: 'names.spec.ts', test: [name], pipeline: pipeline.name, params: {} }
    const declared = { metric: { after: numeric() }, tolerance: { after: 1 } }
    await checkBaseline({ ...base, ...declared, outputs: { [name]: [1], after: [2] }, update: 'new' })
    const afterMoved = await checkBaseline({ ...base, ...declared, outputs: { [name]: [1], after: [2.5] }, update: 'none' })
    expect(afterMoved.status).toBe('matched')
    const moved = await checkBaseline({ ...base, ...declared, outputs: { [name]: [1.5], after: [2] }, update: 'none' })
    expect(moved.status).toBe('drifted')
  })
})
