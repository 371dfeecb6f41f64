import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Attribution } from 'vitest-butterfly'
import { attributeDrift, checkBaseline, lineageOf, metrics, run } from 'vitest-butterfly'
import { pipeline } from '../examples/document-facts/pipeline.ts'
import { tempDir } from '../test/support/temp-dir.ts'

// Attribution in a pull request: which stage's own change moved the
// benchmark, and which stages only passed it on. Each test takes a reviewed
// baseline of the generated corpus (pdf.js, 3-word labels) into a scratch
// snapshot folder, changes one thing, and splices every drifted stage's
// current code onto the baseline's inputs (attributeDrift, as toMatchBaseline
// does when a baseline check drifts).
const base = { documents: { real: false } } as const

async function attributeChange(change: object): Promise<Attribution> {
  const options = {
    snapshotDir: join(tempDir('butterfly-attribution-'), 'snapshots'), specFile: 'document-facts.spec.ts', test: ['benchmark'],
    pipeline: pipeline.name, stages: ['benchmark'], metric: metrics.jsonDiff(), tolerance: 0,
  }
  const before = await run(pipeline, base)
  checkBaseline({ ...options, params: before.params, outputs: { benchmark: [before.output('benchmark')] }, lineage: lineageOf([before]), update: 'new' })
  const after = await run(pipeline, { ...base, ...change } as never)
  const result = checkBaseline({ ...options, params: after.params, outputs: { benchmark: [after.output('benchmark')] }, update: 'none' })
  expect(result.status).toBe('drifted')
  return attributeDrift({ pipeline, result, runs: [after] })
}

describe('document-facts: attributing a benchmark drift to the stage whose own change caused it', () => {
  it('a change of the fact reader alone (2-word labels) is attributed to facts; the benchmark only passes it on', async () => {
    const a = await attributeChange({ facts: { labelWords: 2 } })
    expect(a.origin).toBe('facts')
    expect(a.passedOn).toEqual(['benchmark'])
    expect(Object.fromEntries(a.stages.map((s) => [s.stage, s.status]))).toEqual({ documents: 'within', extract: 'within', facts: 'source', benchmark: 'passed-on' })
  })

  it('swapping the extractor (pdf.js → MuPDF) is attributed to extract; facts and benchmark pass it on', async () => {
    const a = await attributeChange({ extraction: { engine: 'mupdf' } })
    expect(a.origin).toBe('extract')
    expect(a.passedOn).toEqual(['facts', 'benchmark'])
  })
})
