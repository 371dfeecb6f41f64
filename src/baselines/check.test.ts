import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { z } from 'zod'
import { hashValue } from '../core/hash.ts'
import { definePipeline } from '../core/pipeline.ts'
import { defineStage } from '../core/stage.ts'
import { BaselineError } from '../errors.ts'
import { defineMetric } from '../metrics/metric.ts'
import { run } from '../run/run.ts'
import { checkBaseline } from './check.ts'
import { formatBaselineResult } from './message.ts'
import { MetricError } from '../errors.ts'
import { metrics } from '../metrics/metrics.ts'
import { BASELINE_FORMAT_VERSION, serializeBaseline } from './format.ts'
import type { BaselineFile } from './format.ts'
import type { CheckBaselineOptions } from './options.ts'
import { createBaselineTracker } from './tracker.ts'
import { parseBaseline } from './validate.ts'
import { tempDir } from '../../test/support/temp-dir.ts'

/** Share of ids added or removed (1 − Jaccard), with the changed ids as details. */
const idShift = defineMetric({
  name: 'id-shift',
  describe: 'share of ids added or removed',
  compute: (a: { id: string }[], b: { id: string }[]) => {
    const x = new Set(a.map((i) => i.id))
    const y = new Set(b.map((i) => i.id))
    const union = new Set([...x, ...y])
    const both = [...x].filter((i) => y.has(i)).length
    return union.size === 0 ? 0 : 1 - both / union.size
  },
  details: (a: { id: string }[], b: { id: string }[]) => {
    const x = new Set(a.map((i) => i.id))
    const y = new Set(b.map((i) => i.id))
    return { changed: [...[...x].filter((i) => !y.has(i)).map((i) => `-${i}`), ...[...y].filter((i) => !x.has(i)).map((i) => `+${i}`)] }
  },
})
const winner = defineMetric({ name: 'winner', describe: 'did the winner change', compute: (a: string, b: string) => (a === b ? 0 : 1) })

const facts = (n: number, extra: string[] = []): { id: string }[] => [...Array.from({ length: n }, (_, i) => ({ id: `f${i}` })), ...extra.map((id) => ({ id }))]

function setup(): { dir: string; options: (over?: Partial<CheckBaselineOptions>) => CheckBaselineOptions } {
  const dir = join(tempDir('butterfly-check-'), 'snapshots')
  const options = (over: Partial<CheckBaselineOptions> = {}): CheckBaselineOptions => ({
    snapshotDir: dir,
    specFile: 'model-selection.spec.ts',
    test: ['facts and selection'],
    pipeline: 'model-selection',
    params: { generation: { top_p: 0.9 } },
    outputs: { facts: [facts(50)], select: ['gpt'] },
    metric: { facts: idShift, select: winner },
    tolerance: { facts: 0.05, select: 0 },
    update: 'new',
    ...over,
  })
  return { dir, options }
}

const OLD = new Date('2001-02-03T04:05:06Z')
const file = (dir: string): string => join(dir, 'model-selection.spec.ts', 'facts-and-selection.json')

describe('checkBaseline, update mode "new" (local default)', () => {
  it('writes a missing baseline as pretty, key-sorted JSON with what it was taken with', () => {
    const { dir, options } = setup()
    const result = checkBaseline(options())
    expect(result).toMatchObject({ status: 'written', written: true, relativeFile: 'model-selection.spec.ts/facts-and-selection.json' })
    const text = readFileSync(file(dir), 'utf8')
    expect(text.endsWith('}\n')).toBe(true)
    expect(text).toContain('\n  "params": {\n')
    const keys = Object.keys(JSON.parse(text) as object)
    expect(keys).toEqual([...keys].sort())
    const baseline = parseBaseline(text, 'x')
    expect(baseline).toMatchObject({
      version: BASELINE_FORMAT_VERSION, pipeline: 'model-selection', spec: 'model-selection.spec.ts', test: ['facts and selection'],
      params: { generation: { top_p: 0.9 } }, repeats: 1,
    })
    expect(baseline.stages.facts).toMatchObject({ metric: { name: 'id-shift', describe: 'share of ids added or removed' }, tolerance: 0.05, statistic: 'max', samples: 1 })
    expect(baseline.stages.select?.output).toBe('gpt')
  })

  it('on a second run within tolerance passes and leaves the file untouched (content and mtime)', () => {
    const { dir, options } = setup()
    checkBaseline(options())
    utimesSync(file(dir), OLD, OLD)
    const before = readFileSync(file(dir), 'utf8')
    // 1 of 51 ids added: drift 0.0196 <= 0.05, and another params object: still no rewrite.
    const result = checkBaseline(options({ outputs: { facts: [facts(50, ['new'])], select: ['gpt'] }, params: { generation: { top_p: 0.91 } } }))
    expect(result.status).toBe('matched')
    expect(result.written).toBe(false)
    expect(result.stages.find((s) => s.stage === 'facts')).toMatchObject({ status: 'within', changed: ['+new'] })
    expect(result.stages.find((s) => s.stage === 'facts')?.observed).toBeCloseTo(1 / 51, 10)
    expect(result.notes.join()).toMatch(/params differ/)
    expect(readFileSync(file(dir), 'utf8')).toBe(before)
    expect(statSync(file(dir)).mtimeMs).toBe(OLD.getTime())
  })

  it('also under -u ("all"), a baseline within tolerance is not rewritten', () => {
    const { dir, options } = setup()
    checkBaseline(options())
    utimesSync(file(dir), OLD, OLD)
    expect(checkBaseline(options({ update: 'all', outputs: { facts: [facts(50, ['new'])], select: ['gpt'] } })).status).toBe('matched')
    expect(statSync(file(dir)).mtimeMs).toBe(OLD.getTime())
  })

  it('fails on drift beyond tolerance without writing, naming stage, drift, tolerance and changed items', () => {
    const { dir, options } = setup()
    checkBaseline(options())
    const before = readFileSync(file(dir), 'utf8')
    const result = checkBaseline(options({ outputs: { facts: [facts(45, ['x1'])], select: ['llama'] } }))
    expect(result.status).toBe('drifted')
    expect(result.written).toBe(false)
    const byStage = Object.fromEntries(result.stages.map((s) => [s.stage, s]))
    expect(byStage.facts?.status).toBe('exceeded')
    expect(byStage.facts?.observed).toBeCloseTo(6 / 51, 10)
    expect(byStage.facts?.changed).toEqual(['-f45', '-f46', '-f47', '-f48', '-f49', '+x1'])
    expect(byStage.select).toMatchObject({ status: 'exceeded', observed: 1, tolerance: 0 })
    expect(readFileSync(file(dir), 'utf8')).toBe(before)
  })

  it('adds a stage that has no baseline yet by rewriting the file, and fails on it in CI', () => {
    const { dir, options } = setup()
    checkBaseline(options({ outputs: { select: ['gpt'] }, tolerance: 0, metric: winner }))
    const ci = checkBaseline(options({ update: 'none' }))
    expect(ci).toMatchObject({ status: 'missing', written: false, missingStages: ['facts'] })
    expect(Object.keys(parseBaseline(readFileSync(file(dir), 'utf8'), 'x').stages)).toEqual(['select'])
    const local = checkBaseline(options())
    expect(local).toMatchObject({ status: 'updated', reason: 'new-stages', written: true })
    expect(Object.keys(parseBaseline(readFileSync(file(dir), 'utf8'), 'x').stages).sort()).toEqual(['facts', 'select'])
  })

  it('reports stages the file records but the test no longer checks, and only -u removes them', () => {
    const { dir, options } = setup()
    checkBaseline(options())
    const fewer = { outputs: { select: ['gpt'] }, tolerance: 0, metric: winner }
    const kept = checkBaseline(options(fewer))
    expect(kept.status).toBe('matched')
    expect(kept.notes.join()).toMatch(/no longer checked here: facts/)
    expect(checkBaseline(options({ ...fewer, update: 'all' }))).toMatchObject({ status: 'updated', reason: 'removed-stages' })
    expect(Object.keys(parseBaseline(readFileSync(file(dir), 'utf8'), 'x').stages)).toEqual(['select'])
  })
})

describe('checkBaseline, update mode "all" (-u)', () => {
  it('rewrites a drifted baseline with the current outputs and records the drift it replaced', () => {
    const { dir, options } = setup()
    checkBaseline(options())
    const result = checkBaseline(options({ update: 'all', outputs: { facts: [facts(45, ['x1'])], select: ['llama'] } }))
    expect(result).toMatchObject({ status: 'updated', reason: 'drifted', written: true })
    const baseline = parseBaseline(readFileSync(file(dir), 'utf8'), 'x')
    expect(baseline.stages.select).toMatchObject({ output: 'llama', drift: { values: [1], max: 1 } })
    expect(checkBaseline(options({ outputs: { facts: [facts(45, ['x1'])], select: ['llama'] } })).status).toBe('matched')
  })

  it('replaces a corrupt file (and only in this mode)', () => {
    const { dir, options } = setup()
    checkBaseline(options())
    writeFileSync(file(dir), '{ "version": 1, oops')
    expect(() => checkBaseline(options())).toThrow(BaselineError)
    expect(readFileSync(file(dir), 'utf8')).toBe('{ "version": 1, oops')
    const result = checkBaseline(options({ update: 'all' }))
    expect(result).toMatchObject({ status: 'updated', reason: 'corrupt' })
    expect(parseBaseline(readFileSync(file(dir), 'utf8'), 'x').stages.select?.output).toBe('gpt')
  })

  it('keeps reviewer notes when it rewrites', () => {
    const { dir, options } = setup()
    checkBaseline(options())
    const edited = JSON.parse(readFileSync(file(dir), 'utf8')) as { note?: string; stages: { select: { note?: string } } }
    edited.note = 'reviewed by ann'
    edited.stages.select.note = 'gpt wins on cost'
    writeFileSync(file(dir), JSON.stringify(edited))
    checkBaseline(options({ update: 'all', outputs: { facts: [facts(50)], select: ['llama'] } }))
    const baseline = parseBaseline(readFileSync(file(dir), 'utf8'), 'x')
    expect(baseline.note).toBe('reviewed by ann')
    expect(baseline.stages.select?.note).toBe('gpt wins on cost')
  })
})

describe('checkBaseline, update mode "none" (CI)', () => {
  it('fails on a missing baseline and writes nothing, not even the folder', () => {
    const { dir, options } = setup()
    const result = checkBaseline(options({ update: 'none' }))
    expect(result).toMatchObject({ status: 'missing', written: false, missingStages: ['facts', 'select'] })
    expect(existsSync(dir)).toBe(false)
  })

  it('compares an existing baseline but never rewrites it, even when drifted', () => {
    const { dir, options } = setup()
    checkBaseline(options())
    utimesSync(file(dir), OLD, OLD)
    expect(checkBaseline(options({ update: 'none' })).status).toBe('matched')
    expect(checkBaseline(options({ update: 'none', outputs: { facts: [facts(50)], select: ['llama'] } })).status).toBe('drifted')
    expect(statSync(file(dir)).mtimeMs).toBe(OLD.getTime())
    expect(readdirSync(join(dir, 'model-selection.spec.ts'))).toEqual(['facts-and-selection.json'])
  })
})

describe('checkBaseline, corrupt and invalid files', () => {
  it('names the file and says it is not JSON', () => {
    const { dir, options } = setup()
    checkBaseline(options())
    writeFileSync(file(dir), 'not json at all')
    expect(() => checkBaseline(options())).toThrow(/model-selection\.spec\.ts\/facts-and-selection\.json is corrupt: not valid JSON/)
  })

  it('names the file and the field path of a hand edit into an invalid shape, and leaves the file alone', () => {
    const { dir, options } = setup()
    checkBaseline(options())
    const edited = JSON.parse(readFileSync(file(dir), 'utf8')) as { stages: { facts: { tolerance: unknown } } }
    edited.stages.facts.tolerance = 'loose'
    writeFileSync(file(dir), JSON.stringify(edited))
    for (const update of ['new', 'none'] as const) {
      expect(() => checkBaseline(options({ update }))).toThrow(
        /facts-and-selection\.json has an invalid shape at "stages\.facts\.tolerance": expected a finite number >= 0, got the string "loose"/,
      )
    }
    expect(JSON.parse(readFileSync(file(dir), 'utf8'))).toEqual(edited)
  })
})

describe('checkBaseline, stochastic stages', () => {
  const samples = ['gpt', 'gpt', 'llama', 'gpt']

  it('stores one output per sample when samples differ, with their noise floor', () => {
    const { dir, options } = setup()
    checkBaseline(options({ outputs: { select: samples }, metric: winner, tolerance: 0.5 }))
    const stage = parseBaseline(readFileSync(file(dir), 'utf8'), 'x').stages.select
    expect(stage).toMatchObject({ samples: 4, outputs: samples, distinct: 2 })
    expect(stage?.output).toBeUndefined()
    // pairs: 6, of which 3 involve the one 'llama' sample
    expect(stage?.noiseFloor?.values).toHaveLength(6)
    expect(stage?.noiseFloor?.mean).toBe(0.5)
  })

  it('pairs current sample i with baseline sample i, and compares max or mean with the tolerance', () => {
    const { options } = setup()
    checkBaseline(options({ outputs: { select: samples }, metric: winner, tolerance: 0.5 }))
    const shifted = ['gpt', 'gpt', 'gpt', 'gpt']
    const byMax = checkBaseline(options({ outputs: { select: shifted }, metric: winner, tolerance: 0.5 }))
    expect(byMax.status).toBe('drifted')
    expect(byMax.stages[0]?.drift?.values).toEqual([0, 0, 1, 0])
    const byMean = checkBaseline(options({ outputs: { select: shifted }, metric: winner, tolerance: 0.5, statistic: 'mean' }))
    expect(byMean.status).toBe('matched')
    expect(byMean.stages[0]?.observed).toBe(0.25)
    expect(byMean.stages[0]?.noiseFloor?.max).toBe(0)
  })

  it('pairs every current sample with a single stored output, and only notes a sample-count change for per-sample outputs', () => {
    const { options } = setup()
    checkBaseline(options({ outputs: { select: ['gpt'] }, metric: winner, tolerance: 0 }))
    const more = checkBaseline(options({ outputs: { select: ['gpt', 'llama', 'gpt'] }, metric: winner, tolerance: 0 }))
    expect(more.status).toBe('drifted')
    expect(more.stages[0]?.drift?.values).toEqual([0, 1, 0])
    expect(more.stages[0]?.note).toBeUndefined()
    const { options: other } = setup()
    checkBaseline(other({ outputs: { select: samples }, metric: winner, tolerance: 1 }))
    const fewer = checkBaseline(other({ outputs: { select: ['gpt', 'gpt'] }, metric: winner, tolerance: 1 }))
    expect(fewer.stages[0]?.drift?.values).toEqual([0, 0])
    expect(fewer.stages[0]?.note).toMatch(/paired over 2 samples: the baseline has 4, this run 2/)
  })

  it('stores a single output when every sample is the same (a deterministic stage)', () => {
    const { dir, options } = setup()
    checkBaseline(options({ outputs: { select: ['gpt', 'gpt', 'gpt'] }, metric: winner, tolerance: 0 }))
    const stage = parseBaseline(readFileSync(file(dir), 'utf8'), 'x').stages.select
    expect(stage).toMatchObject({ samples: 3, output: 'gpt', noiseFloor: { max: 0 } })
    expect(stage?.outputs).toBeUndefined()
  })
})

describe('checkBaseline, metrics and options', () => {
  it('infers the metric from the output when none is given', () => {
    const { options } = setup()
    const result = checkBaseline(options({ outputs: { score: [0.7] }, metric: undefined, tolerance: 0.05 }))
    expect(result.stages[0]?.metric.name).toBe('numeric')
    const next = checkBaseline(options({ outputs: { score: [0.73] }, metric: undefined, tolerance: 0.05 }))
    expect(next.status).toBe('matched')
    expect(next.stages[0]?.observed).toBeCloseTo(0.03, 10)
  })

  it('treats an output the metric cannot compare with the baseline as drift, with the reason', () => {
    const { options } = setup()
    const strict = defineMetric({ name: 'strict', describe: 'numbers only', compute: (a: unknown, b: unknown) => {
      if (typeof a !== 'number' || typeof b !== 'number') throw new Error('not a number')
      return Math.abs(a - b)
    } })
    checkBaseline(options({ outputs: { score: [1] }, metric: strict, tolerance: 1 }))
    const result = checkBaseline(options({ outputs: { score: ['one'] }, metric: strict, tolerance: 1 }))
    expect(result.status).toBe('drifted')
    expect(result.stages[0]).toMatchObject({ status: 'exceeded', observed: null })
    expect(result.stages[0]?.note).toMatch(/could not compare.*not a number/)
  })

  it('compares fresh outputs in their JSON form, as they are read back', () => {
    const { options } = setup()
    const when = new Date('2024-01-01T00:00:00Z')
    checkBaseline(options({ outputs: { doc: [{ when, skip: undefined }] }, metric: undefined, tolerance: 0 }))
    expect(checkBaseline(options({ outputs: { doc: [{ when, skip: undefined }] }, metric: undefined, tolerance: 0 })).status).toBe('matched')
  })

  it('gives a stage that a tolerance record leaves out the default tolerance, 0', () => {
    const { options } = setup()
    checkBaseline(options({ tolerance: { facts: 0.2 } }))
    const result = checkBaseline(options({ tolerance: { facts: 0.2 }, outputs: { facts: [facts(45, ['x1'])], select: ['llama'] } }))
    const byStage = Object.fromEntries(result.stages.map((s) => [s.stage, s]))
    expect(byStage.facts).toMatchObject({ status: 'within', tolerance: 0.2 })
    expect(byStage.select).toMatchObject({ status: 'exceeded', tolerance: 0 })
  })

  it('rejects misuse with BaselineError naming the option', () => {
    const { options } = setup()
    expect(() => checkBaseline(options({ tolerance: { facts: 0, select: 0, ghost: 0 } }))).toThrow(/names stage "ghost"/)
    expect(() => checkBaseline(options({ tolerance: -1 }))).toThrow(/tolerance must be a finite number >= 0/)
    expect(() => checkBaseline(options({ outputs: {} }))).toThrow(/no stages/)
    expect(() => checkBaseline(options({ outputs: { facts: [] } }))).toThrow(/no outputs/)
    expect(() => checkBaseline(options({ update: 'sometimes' as 'new' }))).toThrow(/update mode/)
    expect(() => checkBaseline(options({ specFile: '../escape.spec.ts' }))).toThrow(/must stay inside the snapshot directory/)
  })

  it('gives the nth baseline of one test its own file', () => {
    const { dir, options } = setup()
    const tracker = createBaselineTracker()
    checkBaseline(options({ tracker }))
    const second = checkBaseline(options({ tracker, index: 2 }))
    expect(second.relativeFile).toBe('model-selection.spec.ts/facts-and-selection~2.json')
    expect(readdirSync(join(dir, 'model-selection.spec.ts')).sort()).toEqual(['facts-and-selection.json', 'facts-and-selection~2.json'])
    expect([...tracker.touched].sort()).toEqual(['model-selection.spec.ts/facts-and-selection.json', 'model-selection.spec.ts/facts-and-selection~2.json'])
  })
})

/** A metric that counts its calls, so a test can prove the hashes settled a comparison. */
function counting(): { metric: ReturnType<typeof defineMetric<unknown>>; calls: { compute: number; details: number } } {
  const calls = { compute: 0, details: 0 }
  const metric = defineMetric({
    name: 'counted',
    describe: 'exact, counted',
    compute: (a: unknown, b: unknown) => (calls.compute++, JSON.stringify(a) === JSON.stringify(b) ? 0 : 1),
    details: () => (calls.details++, { changed: ['x'] }),
  })
  return { metric, calls }
}

describe('checkBaseline, content hashes', () => {
  it('records the content hash of every stored output, in the engine\'s domain (sha256 of the sorted-key JSON)', () => {
    const { dir, options } = setup()
    checkBaseline(options({ outputs: { facts: [facts(3)], select: ['gpt', 'llama'] }, tolerance: 1 }))
    const baseline = parseBaseline(readFileSync(file(dir), 'utf8'), 'x')
    expect(baseline.stages.facts?.hash).toBe(hashValue(facts(3)))
    expect(baseline.stages.select).toMatchObject({ hashes: [hashValue('gpt'), hashValue('llama')], distinct: 2 })
  })

  it('settles an identical output by its given hash: no metric call, no serialisation of the output', () => {
    const { options } = setup()
    const { metric, calls } = counting()
    checkBaseline(options({ outputs: { doc: [{ a: 1 }] }, metric, tolerance: 0 }))
    calls.compute = 0 // the first check compared the output with itself once, to see that the metric applies
    let serialised = 0
    // Serialising this output calls toJSON; the check must not.
    const output = { toJSON: () => (serialised++, { a: 1 }) }
    const result = checkBaseline(options({ outputs: { doc: [output] }, hashes: { doc: [hashValue({ a: 1 })] }, metric, tolerance: 0, update: 'none' }))
    expect(result).toMatchObject({ status: 'matched', stages: [{ stage: 'doc', status: 'within', observed: 0 }] })
    expect(calls).toEqual({ compute: 0, details: 0 })
    expect(serialised).toBe(0)
  })

  it('calls the metric when the hashes differ, and hashes outputs whose hash is not given', () => {
    const { options } = setup()
    const { metric, calls } = counting()
    checkBaseline(options({ outputs: { doc: ['a', 'b'] }, metric, tolerance: 1 }))
    calls.compute = 0
    const result = checkBaseline(options({ outputs: { doc: ['a', 'c'] }, hashes: { doc: [hashValue('a'), hashValue('c')] }, metric, tolerance: 1 }))
    expect(result.stages[0]?.drift?.values).toEqual([0, 1])
    // Pair 0 and the noise floor (a vs c) each need one compute; only the drifted pair gets details.
    expect(calls).toEqual({ compute: 2, details: 1 })
    calls.compute = 0
    // Without given hashes the outputs are hashed here: the unchanged pairs still skip the metric; the noise floor (a vs b) needs it.
    checkBaseline(options({ outputs: { doc: ['a', 'b'] }, metric, tolerance: 1 }))
    expect(calls.compute).toBe(1)
  })

  it('the engine\'s StageResult.hash is such a hash: an unchanged run() output matches without the metric', async () => {
    const stage = defineStage({ name: 'facts', output: z.array(z.object({ id: z.string(), when: z.string() })), run: () => [{ when: '2024', id: 'f1' }] })
    const pipeline = definePipeline({ name: 'hashes', params: z.object({}), stages: [stage] })
    const result = await run(pipeline, {}, { cache: false })
    const completed = result.stages.facts
    if (completed.status !== 'executed') throw new Error(`expected facts to execute, got ${completed.status}`)
    const { options } = setup()
    const { metric, calls } = counting()
    checkBaseline(options({ outputs: { facts: [[{ id: 'f1', when: '2024' }]] }, metric, tolerance: 0 }))
    calls.compute = 0
    const matched = checkBaseline(options({ outputs: { facts: [result.output('facts')] }, hashes: { facts: [completed.hash] }, metric, tolerance: 0 }))
    expect(matched.status).toBe('matched')
    expect(calls.compute).toBe(0)
  })

  it('reads version 1 files (no hashes) as before, and leaves them untouched when within tolerance', () => {
    const { dir, options } = setup()
    const v1 = {
      version: 1, pipeline: 'model-selection', spec: 'model-selection.spec.ts', test: ['facts and selection'], params: {}, repeats: 2,
      stages: {
        facts: { metric: { name: 'id-shift', describe: 'd' }, tolerance: 0.05, statistic: 'max', samples: 1, output: facts(50) },
        select: { metric: { name: 'winner', describe: 'd' }, tolerance: 0, statistic: 'max', samples: 2, outputs: ['gpt', 'llama'], distinct: 2 },
      },
    }
    mkdirSync(join(dir, 'model-selection.spec.ts'), { recursive: true })
    writeFileSync(file(dir), serializeBaseline(v1 as BaselineFile))
    utimesSync(file(dir), OLD, OLD)
    const same = checkBaseline(options({ outputs: { facts: [facts(50)], select: ['gpt', 'llama'] }, update: 'all' }))
    expect(same.status).toBe('matched')
    const drifted = checkBaseline(options({ outputs: { facts: [facts(50)], select: ['gpt', 'gpt'] }, update: 'none' }))
    expect(drifted.status).toBe('drifted')
    expect(drifted.stages.find((s) => s.stage === 'select')?.drift?.values).toEqual([0, 1])
    expect(readFileSync(file(dir), 'utf8')).toBe(serializeBaseline(v1 as BaselineFile))
    expect(statSync(file(dir)).mtimeMs).toBe(OLD.getTime())
    // -u on drift rewrites it in the current format, with hashes.
    checkBaseline(options({ outputs: { facts: [facts(50)], select: ['gpt', 'gpt'] }, update: 'all' }))
    expect(parseBaseline(readFileSync(file(dir), 'utf8'), 'x')).toMatchObject({ version: BASELINE_FORMAT_VERSION, stages: { select: { hash: hashValue('gpt') } } })
  })

  it('parses the baseline file once per check, claim included', () => {
    const { dir, options } = setup()
    checkBaseline(options())
    const text = readFileSync(file(dir), 'utf8')
    const parse = vi.spyOn(JSON, 'parse')
    try {
      // The tracker reads the file to see whose it is (its "test" field); the check reuses that read.
      expect(checkBaseline(options({ update: 'none' })).status).toBe('matched')
      expect(parse.mock.calls.filter(([t]) => t === text)).toHaveLength(1)
    } finally {
      parse.mockRestore()
    }
  })

  it('rejects hashes that are not one sha256 per output, or name a stage not baselined', () => {
    const { options } = setup()
    expect(() => checkBaseline(options({ hashes: { select: [] } }))).toThrow(/hashes\.select must be one sha256 .* per output \(1\), got 0 value/)
    expect(() => checkBaseline(options({ hashes: { select: ['abc'] } }))).toThrow(/hashes\.select must be one sha256/)
    expect(() => checkBaseline(options({ hashes: { ghost: [hashValue(1)] } }))).toThrow(/hashes names stage "ghost"/)
  })
})

describe('inferred and declared metrics', () => {
  it('a record of scores is measured by value: 0.7 -> 1.2 exceeds tolerance 0.05, naming the metric and the key', () => {
    const { options } = setup()
    const scores = (a: number) => ({ outputs: { scores: [{ a, b: 0.2 }] }, metric: undefined, tolerance: { scores: 0.05 } })
    checkBaseline(options({ ...scores(0.7), update: 'new' }) as CheckBaselineOptions)
    const moved = checkBaseline(options({ ...scores(1.2), update: 'none' }) as CheckBaselineOptions)
    expect(moved.status).toBe('drifted')
    const text = formatBaselineResult(moved)
    expect(text).toContain('scores: DRIFTED, max drift 0.5 > tolerance 0.05; metric numericRecord (largest per-key absolute difference |a[k] − b[k]|)')
    expect(text).toContain('note: a: 0.7 -> 1.2')
    expect(checkBaseline(options({ ...scores(0.7), update: 'none' }) as CheckBaselineOptions).status).toBe('matched')
  })

  it('a declared metric that cannot read the output throws even when the outputs are identical', () => {
    const { options } = setup()
    const o = { outputs: { pick: [{ ranking: ['a'], best: 'a' }] }, metric: { pick: metrics.top1() }, tolerance: 0 }
    expect(() => checkBaseline(options({ ...o, update: 'new' }) as CheckBaselineOptions)).toThrow(MetricError)
  })
})
