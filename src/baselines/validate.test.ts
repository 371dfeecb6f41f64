import { describe, expect, it } from 'vitest'
import { BaselineError } from '../errors.ts'
import { serializeBaseline } from './format.ts'
import type { BaselineFile } from './format.ts'
import { parseBaseline } from './validate.ts'

const valid = (): BaselineFile => ({
  version: 1,
  pipeline: 'p',
  spec: 'a.spec.ts',
  test: ['t'],
  params: { x: 1 },
  repeats: 2,
  stages: {
    facts: { metric: { name: 'm', describe: 'd' }, tolerance: 0.1, statistic: 'max', samples: 2, outputs: [[1], [2]], distinct: 2, noiseFloor: { values: [0.5], mean: 0.5, ci: [0.5, 0.5], max: 0.5 } },
    select: { metric: { name: 'm', describe: 'd' }, tolerance: 0, statistic: 'mean', samples: 1, output: null },
  },
})

function problem(edit: (file: Record<string, any>) => void): string {
  const file = JSON.parse(serializeBaseline(valid())) as Record<string, any>
  edit(file)
  try {
    parseBaseline(JSON.stringify(file), 'snapshots/a.spec.ts/t.json')
  } catch (error) {
    expect(error).toBeInstanceOf(BaselineError)
    return (error as Error).message
  }
  throw new Error('expected parseBaseline to throw')
}

describe('parseBaseline', () => {
  it('reads back what serializeBaseline wrote', () => {
    expect(parseBaseline(serializeBaseline(valid()), 'f')).toEqual(valid())
  })

  it('names the file and the JSON error for a corrupt file', () => {
    expect(() => parseBaseline('{"version": 1,', 'snapshots/a.spec.ts/t.json')).toThrow(/\[butterfly\] \[baselines\] snapshots\/a\.spec\.ts\/t\.json is corrupt: not valid JSON \(/)
    expect(() => parseBaseline('', 'f.json')).toThrow(/f\.json is corrupt/)
  })

  it.each([
    ['version', (f: Record<string, any>) => { delete f.version }, /at "version": expected 1 to 3, got undefined/],
    ['(root)', (f: Record<string, any>) => { f.stages = [] }, /at "stages": expected an object, got an array/],
    ['test', (f: Record<string, any>) => { f.test = [] }, /at "test": expected a non-empty array/],
    ['repeats', (f: Record<string, any>) => { f.repeats = 1.5 }, /at "repeats": expected an integer >= 1, got number 1.5/],
    ['tolerance', (f: Record<string, any>) => { f.stages.select.tolerance = -1 }, /at "stages.select.tolerance": expected a finite number >= 0/],
    ['statistic', (f: Record<string, any>) => { f.stages.select.statistic = 'median' }, /at "stages.select.statistic": expected "max" or "mean"/],
    ['metric', (f: Record<string, any>) => { delete f.stages.facts.metric.describe }, /at "stages.facts.metric.describe": expected a string/],
    ['output and outputs', (f: Record<string, any>) => { f.stages.select.outputs = [1] }, /at "stages.select": expected exactly one of "output"/],
    ['neither output', (f: Record<string, any>) => { delete f.stages.select.output }, /at "stages.select": expected exactly one/],
    ['outputs length', (f: Record<string, any>) => { f.stages.facts.outputs.pop() }, /at "stages.facts.outputs": has 1 outputs but samples is 2/],
    ['samples > repeats', (f: Record<string, any>) => { f.stages.facts.samples = 3 }, /at "stages.facts.samples": 3 is more than repeats/],
    ['noise floor', (f: Record<string, any>) => { f.stages.facts.noiseFloor.ci = [0] }, /at "stages.facts.noiseFloor.ci": expected \[low, high\]/],
    ['noise floor value', (f: Record<string, any>) => { f.stages.facts.noiseFloor.values = [0, 'x'] }, /at "stages.facts.noiseFloor.values\[1\]"/],
    ['unknown field', (f: Record<string, any>) => { f.stages.facts.toleranse = 1 }, /at "stages.facts.toleranse": unknown field/],
    ['no stages', (f: Record<string, any>) => { f.stages = {} }, /at "stages": expected at least one stage/],
  ])('names the file and the field path: %s', (_, edit, message) => {
    const text = problem(edit)
    expect(text).toMatch(/snapshots\/a\.spec\.ts\/t\.json has an invalid shape at/)
    expect(text).toMatch(message)
    expect(text).toMatch(/-u to replace it/)
  })

  it('says when a file was written by a newer format version', () => {
    expect(problem((f) => { f.version = 4 })).toMatch(/format version 4, written by a newer vitest-butterfly; this version reads versions 1 to 3/)
  })
})

const h = (c: string): string => c.repeat(64)
const validV2 = (): BaselineFile => ({
  version: 2,
  pipeline: 'p',
  spec: 'a.spec.ts',
  test: ['t'],
  params: {},
  repeats: 2,
  outputsFile: { file: 't~outputs.json', sha256: h('e') },
  stages: {
    facts: { metric: { name: 'm', describe: 'd' }, tolerance: 0, statistic: 'max', samples: 2, outputs: [[1], [2]], hashes: [h('a'), h('b')], distinct: 2 },
    select: { metric: { name: 'm', describe: 'd' }, tolerance: 0, statistic: 'max', samples: 1, output: 'gpt', hash: h('c') },
    big: { metric: { name: 'm', describe: 'd' }, tolerance: 0, statistic: 'max', samples: 2, hash: h('d') },
  },
})

function problemV2(edit: (file: Record<string, any>) => void): string {
  const file = JSON.parse(serializeBaseline(validV2())) as Record<string, any>
  edit(file)
  try {
    parseBaseline(JSON.stringify(file), 'snapshots/a.spec.ts/t.json')
  } catch (error) {
    expect(error).toBeInstanceOf(BaselineError)
    return (error as Error).message
  }
  throw new Error('expected parseBaseline to throw')
}

describe('parseBaseline, version 2 (content hashes, outputs file)', () => {
  it('reads back hashes, per-sample hashes and a stage kept in the outputs file', () => {
    expect(parseBaseline(serializeBaseline(validV2()), 'f')).toEqual(validV2())
  })

  it.each([
    ['no hash', (f: Record<string, any>) => { delete f.stages.select.hash }, /at "stages.select": expected exactly one of "hash"/],
    ['both hash and hashes', (f: Record<string, any>) => { f.stages.select.hashes = [h('a')] }, /at "stages.select": expected exactly one of "hash"/],
    ['hash of per-sample outputs', (f: Record<string, any>) => { f.stages.facts.hash = h('a'); delete f.stages.facts.hashes }, /at "stages.facts.hash": goes with "output"/],
    ['hashes of one output', (f: Record<string, any>) => { f.stages.select.hashes = [h('a')]; delete f.stages.select.hash }, /at "stages.select.hashes": goes with "outputs"/],
    ['not a sha256', (f: Record<string, any>) => { f.stages.select.hash = 'ABC' }, /at "stages.select.hash": expected a sha256/],
    ['hashes length', (f: Record<string, any>) => { f.stages.facts.hashes.pop() }, /at "stages.facts.hashes": has 1 hashes but samples is 2/],
    ['outputs file missing', (f: Record<string, any>) => { delete f.outputsFile }, /at "stages.big": expected "output", "outputs", or the outputs in the file named by "outputsFile"/],
    ['outputs file unused', (f: Record<string, any>) => { f.stages.big.output = 1 }, /at "outputsFile": names an outputs file, but every stage has its outputs inline/],
    ['outputs file name', (f: Record<string, any>) => { f.outputsFile.file = '../t~outputs.json' }, /at "outputsFile.file": expected a file name ending in "~outputs.json"/],
    ['outputs file sha', (f: Record<string, any>) => { delete f.outputsFile.sha256 }, /at "outputsFile.sha256": expected a sha256/],
  ])('names the field path: %s', (_, edit, message) => {
    expect(problemV2(edit)).toMatch(message)
  })

  it('keeps version 1 as it was: no hashes, no outputs file', () => {
    expect(problem((f) => { f.stages.select.hash = h('a') })).toMatch(/at "stages.select.hash": unknown field/)
    expect(problem((f) => { delete f.stages.select.output })).toMatch(/at "stages.select": expected exactly one of "output"/)
  })
})

describe('parseBaseline, version 3 (lineage)', () => {
  const validV3 = (): BaselineFile => ({ ...validV2(), version: 3, lineage: { facts: { keys: [h('1'), h('2')], hashes: [h('a'), h('b')] } } })

  it('reads back the lineage of every stage', () => {
    expect(parseBaseline(serializeBaseline(validV3()), 'f')).toEqual(validV3())
  })

  it.each([
    ['lineage in a version 2 file', (f: Record<string, any>) => { f.version = 2 }, /at "lineage": unknown field/],
    ['not a sha256 key', (f: Record<string, any>) => { f.lineage.facts.keys[0] = 'k' }, /at "lineage.facts.keys\[0\]": expected a sha256/],
    ['more samples than repeats', (f: Record<string, any>) => { f.lineage.facts.keys.push(h('3')); f.lineage.facts.hashes.push(h('c')); f.lineage.facts.keys.push(h('4')); f.lineage.facts.hashes.push(h('d')) }, /at "lineage.facts.keys": expected 1 to 2 sha256 values/],
    ['keys and hashes differ in length', (f: Record<string, any>) => { f.lineage.facts.keys.pop() }, /at "lineage.facts": expected as many keys as hashes/],
    ['unknown field', (f: Record<string, any>) => { f.lineage.facts.outputs = [] }, /at "lineage.facts.outputs": unknown field/],
  ])('names the field path: %s', (_, edit, message) => {
    const file = JSON.parse(serializeBaseline(validV3())) as Record<string, any>
    edit(file)
    expect(() => parseBaseline(JSON.stringify(file), 'snapshots/a.spec.ts/t.json')).toThrow(message)
  })
})
