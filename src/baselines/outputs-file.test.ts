import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { hashValue, sha256 } from '../core/hash.ts'
import { BaselineError } from '../errors.ts'
import { defineMetric } from '../metrics/metric.ts'
import { exact } from '../metrics/exact.ts'
import { checkBaseline } from './check.ts'
import type { CheckBaselineOptions } from './options.ts'
import { OUTPUTS_FILE_THRESHOLD, outputsFileOf } from './outputs-file.ts'
import { parseBaseline } from './validate.ts'
import { tempDir as makeTempDir } from '../../test/support/temp-dir.ts'

interface Row { id: string; value: number; text: string }
/** Enough rows to pass the outputs-file threshold. */
const rows = (changed: number[] = []): Row[] =>
  Array.from({ length: Math.ceil(OUTPUTS_FILE_THRESHOLD / 100) }, (_, i) => ({ id: `r${i}`, value: changed.includes(i) ? -1 : i, text: 'lorem ipsum '.repeat(6) }))

const calls = { compute: 0 }
const changedRows = defineMetric({
  name: 'changed-rows',
  describe: 'share of rows whose value changed',
  compute: (a: Row[], b: Row[]) => (calls.compute++, a.filter((r, i) => r.value !== b[i]?.value).length / a.length),
  details: (a: Row[], b: Row[]) => ({ changed: a.filter((r, i) => r.value !== b[i]?.value).map((r) => r.id) }),
})

function setup(): { dir: string; main: string; side: string; options: (over?: Partial<CheckBaselineOptions>) => CheckBaselineOptions } {
  const dir = join(makeTempDir('butterfly-outputs-'), 'snapshots')
  const relative = 'big.spec.ts/rows.json'
  const options = (over: Partial<CheckBaselineOptions> = {}): CheckBaselineOptions => ({
    snapshotDir: dir, specFile: 'big.spec.ts', test: ['rows'], pipeline: 'big', params: {},
    outputs: { rows: [rows()], winner: ['r1'] }, metric: { rows: changedRows, winner: exact() }, tolerance: { rows: 0.01 },
    update: 'new', ...over,
  })
  return { dir, main: join(dir, relative), side: join(dir, outputsFileOf(relative)!), options }
}

describe('the outputs file (large outputs)', () => {
  it('keeps a large output next to the baseline, which records its hash and the file\'s sha256; small ones stay inline', () => {
    const { main, side, options } = setup()
    expect(checkBaseline(options()).status).toBe('written')
    const baseline = parseBaseline(readFileSync(main, 'utf8'), 'x')
    const bytes = readFileSync(side)
    expect(baseline.outputsFile).toEqual({ file: 'rows~outputs.json', sha256: sha256(bytes) })
    expect(baseline.stages.rows).toMatchObject({ hash: hashValue(rows()), samples: 1 })
    expect(baseline.stages.rows && 'output' in baseline.stages.rows).toBe(false)
    expect(baseline.stages.winner).toMatchObject({ output: 'r1', hash: hashValue('r1') })
    expect(JSON.parse(bytes.toString('utf8'))).toEqual({ rows: { output: rows() } })
    expect(readFileSync(main).length).toBeLessThan(2000)
  })

  it('settles an identical output without parsing the outputs file or calling the metric', () => {
    const { side, options } = setup()
    checkBaseline(options())
    const text = readFileSync(side, 'utf8')
    calls.compute = 0
    const parse = vi.spyOn(JSON, 'parse')
    try {
      for (const hashes of [undefined, { rows: [hashValue(rows())] }]) {
        const result = checkBaseline(options({ update: 'none', ...(hashes ? { hashes } : {}) }))
        expect(result.status).toBe('matched')
        expect(result.stages[0]).toMatchObject({ stage: 'rows', observed: 0 })
      }
      expect(parse.mock.calls.filter(([t]) => t === text)).toHaveLength(0)
      expect(calls.compute).toBe(0)
    } finally {
      parse.mockRestore()
    }
  })

  it('compares a changed output with the stored one, and -u rewrites both files', () => {
    const { main, side, options } = setup()
    checkBaseline(options())
    const changed = rows([3, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31, 33, 35, 37, 39, 41, 43, 45, 47, 49, 51, 53, 55, 57, 59])
    const drifted = checkBaseline(options({ outputs: { rows: [changed], winner: ['r1'] } }))
    expect(drifted.status).toBe('drifted')
    expect(drifted.stages[0]?.observed).toBeCloseTo(28 / changed.length, 10)
    expect(drifted.stages[0]?.changed.slice(0, 2)).toEqual(['r3', 'r7'])
    expect(checkBaseline(options({ outputs: { rows: [changed], winner: ['r1'] }, update: 'all' })).status).toBe('updated')
    const baseline = parseBaseline(readFileSync(main, 'utf8'), 'x')
    expect(baseline.stages.rows?.hash).toBe(hashValue(changed))
    expect(baseline.outputsFile?.sha256).toBe(sha256(readFileSync(side)))
    expect(checkBaseline(options({ outputs: { rows: [changed], winner: ['r1'] }, update: 'none' })).status).toBe('matched')
    // Rewritten with small outputs only, the outputs file goes.
    checkBaseline(options({ outputs: { rows: [[{ id: 'r0', value: 0, text: '' }]], winner: ['r1'] }, update: 'all' }))
    expect(existsSync(side)).toBe(false)
    expect(parseBaseline(readFileSync(main, 'utf8'), 'x').outputsFile).toBeUndefined()
  })

  it('keeps one output per sample there when the samples differ', () => {
    const { side, options } = setup()
    const samples = [rows(), rows([5])]
    checkBaseline(options({ outputs: { rows: samples, winner: ['r1'] }, tolerance: { rows: 1 } }))
    expect((JSON.parse(readFileSync(side, 'utf8')) as { rows: { outputs: Row[][] } }).rows.outputs).toHaveLength(2)
    const result = checkBaseline(options({ outputs: { rows: [rows([5]), rows([5])], winner: ['r1'] }, tolerance: { rows: 1 }, update: 'none' }))
    expect(result.stages[0]?.drift?.values).toEqual([1 / samples[0]!.length, 0])
  })

  it('compares with an outputs file edited by hand as it is now, and says so', () => {
    const { side, options } = setup()
    checkBaseline(options())
    const edited = JSON.parse(readFileSync(side, 'utf8')) as { rows: { output: Row[] } }
    edited.rows.output[0]!.value = 42
    writeFileSync(side, JSON.stringify(edited))
    const result = checkBaseline(options({ update: 'none', hashes: { rows: [hashValue(rows())] } }))
    expect(result.stages[0]?.changed).toEqual(['r0'])
    expect(result.notes.join('\n')).toMatch(/rows~outputs\.json was changed after it was written/)
  })

  it('fails naming a missing or broken outputs file; -u replaces it', () => {
    const { side, options } = setup()
    checkBaseline(options())
    rmSync(side)
    expect(() => checkBaseline(options())).toThrow(BaselineError)
    expect(() => checkBaseline(options())).toThrow(/rows\.json keeps outputs in big\.spec\.ts\/rows~outputs\.json, which is missing/)
    writeFileSync(side, '{ "rows": ')
    expect(() => checkBaseline(options())).toThrow(/rows~outputs\.json is corrupt: not valid JSON/)
    writeFileSync(side, '{ "other": { "output": 1 } }')
    expect(() => checkBaseline(options())).toThrow(/rows~outputs\.json has no outputs of stage "rows"/)
    expect(checkBaseline(options({ update: 'all' }))).toMatchObject({ status: 'updated', reason: 'corrupt' })
    expect(checkBaseline(options({ update: 'none' })).status).toBe('matched')
  })
})
