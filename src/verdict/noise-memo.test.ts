import { mkdtemp, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { MeasuredNoise } from './noise-memo.ts'
import { metrics } from '../metrics/metrics.ts'
import { forecastPower, memoMetricName, noiseMemoKey, readNoiseMemo, writeNoiseMemo } from './noise-memo.ts'

const dirs: string[] = []
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })))
})
const tempDir = async (): Promise<string> => {
  const dir = await mkdtemp(join(tmpdir(), 'butterfly-noise-memo-'))
  dirs.push(dir)
  return dir
}

const measured: MeasuredNoise[] = [{ reference: 'independent-streams', binary: true, noise: 0.4, n: 10 }]

describe('noise memo', () => {
  it('reads back what a check kept, per assertion', async () => {
    const dir = await tempDir()
    const key = noiseMemoKey('p', 'select', 'top1', ['jitter(a, ±0.05)'])
    expect(key).not.toBe(noiseMemoKey('p', 'select', 'top1', ['jitter(a, ±0.1)']))
    // One assertion per task in a loop: same perturbation and metric, other params or seed.
    const task = (name: string, seed?: number): string => noiseMemoKey('p', 's', 'top1', ['data(x)'], { params: { task: name }, ...(seed === undefined ? {} : { seed }) })
    expect(task('a')).not.toBe(task('b'))
    expect(task('a')).not.toBe(task('a', 1))
    expect(task('a')).toBe(task('a', 0))
    expect(await readNoiseMemo({ dir }, key)).toBeUndefined()
    await writeNoiseMemo({ dir }, key, measured)
    expect(await readNoiseMemo({ dir }, key)).toEqual(measured)
  })

  it('names the metric by its identity, so metrics of one name that measure different things keep apart', () => {
    expect(memoMetricName(metrics.top1({ select: 'a' }))).not.toBe(memoMetricName(metrics.top1({ select: 'b' })))
    expect(memoMetricName(metrics.top1({ select: 'a' }))).toBe(memoMetricName(metrics.top1({ select: 'a' })))
    expect(memoMetricName(undefined)).toBe('inferred')
  })

  it('leaves an unchanged memo unwritten, so a warm run writes nothing', async () => {
    const dir = await tempDir()
    const key = noiseMemoKey('p', 's', 'm', [])
    await writeNoiseMemo({ dir }, key, measured)
    const file = join(dir, 'noise', `${key}.json`)
    const past = new Date(Math.floor(Date.now() / 1000 - 60) * 1000)
    await utimes(file, past, past)
    await writeNoiseMemo({ dir }, key, measured)
    expect(Math.round((await stat(file)).mtimeMs)).toBe(past.getTime())
    await writeNoiseMemo({ dir }, key, [{ ...measured[0]!, n: 12 }])
    expect((await stat(file)).mtimeMs).toBeGreaterThan(past.getTime())
    expect(JSON.parse(await readFile(file, 'utf8')).variants[0].n).toBe(12)
  })

  it('ignores a memo it cannot trust (another version, an edited value)', async () => {
    const dir = await tempDir()
    const key = noiseMemoKey('p', 's', 'm', [])
    await writeNoiseMemo({ dir }, key, measured)
    const file = join(dir, 'noise', `${key}.json`)
    await writeFile(file, JSON.stringify({ version: 1, variants: [{ ...measured[0], noise: 3 }] }))
    expect(await readNoiseMemo({ dir }, key)).toBeUndefined()
    await writeFile(file, JSON.stringify({ version: 2, variants: measured }))
    expect(await readNoiseMemo({ dir }, key)).toBeUndefined()
  })

  it('forecasts an underpowered design from the kept noise, and nothing when the repeats suffice', () => {
    const options = { effect: 0.2, tolerance: 0.05, alpha: 0.05 }
    const warning = forecastPower(measured, options, 10)
    expect(warning).toMatch(/^underpowered: the last check of this assertion measured base samples differed in 4 of 10 blocks; .*the planner asks for (\d+)/)
    const needed = Number(/asks for (\d+)/.exec(warning!)![1])
    expect(needed).toBeGreaterThan(10)
    expect(forecastPower(measured, options, needed)).toBeUndefined()
    expect(forecastPower(undefined, options, 10)).toBeUndefined()
  })
})
