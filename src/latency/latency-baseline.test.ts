import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { BaselineError } from '../errors.ts'
import { createRng } from '../stats/rng.ts'
import type { CheckLatencyBaselineOptions, CurrentLatency } from './latency-baseline.ts'
import { MAX_STORED_SAMPLES, checkLatencyBaseline, latencyBaselineFile, parseLatencyBaseline } from './latency-baseline.ts'

function latencies(n: number, centre: number, spread: number, seed: number): CurrentLatency {
  const rng = createRng(seed)
  const samples = Array.from({ length: n }, () => centre * (1 + spread * (rng() - 0.5) * 2))
  const sorted = [...samples].sort((a, b) => a - b)
  const mean = samples.reduce((a, b) => a + b, 0) / n
  return { samples, latency: { mean, p50: sorted[n >> 1]!, p75: sorted[Math.floor(n * 0.75)]!, p99: sorted[n - 1]!, sd: 0, min: sorted[0]!, max: sorted[n - 1]!, rme: 0 } }
}

const dirs: string[] = []
afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }) })
function setup(): { snapshotDir: string; base: Omit<CheckLatencyBaselineOptions, 'current' | 'update'> } {
  const snapshotDir = mkdtempSync(join(tmpdir(), 'latency-baseline-'))
  dirs.push(snapshotDir)
  const test = ['extract', 'stays fast']
  return { snapshotDir, base: { snapshotDir, file: latencyBaselineFile('bench.spec.ts', test), pipeline: 'docs', stage: 'extract', spec: 'bench.spec.ts', test, params: { engine: 'a' }, machine: 'CPU A x2, Node v20', maxSlowdown: 0.2 } }
}

describe('latencyBaselineFile', () => {
  it('names the file like output baselines, under the spec folder, with ~n for later checks', () => {
    expect(latencyBaselineFile('bench.spec.ts', ['Extract', 'stays fast!'])).toBe('bench.spec.ts/extract__stays-fast.latency')
    expect(latencyBaselineFile('bench.spec.ts', ['x'], 2)).toBe('bench.spec.ts/x~2.latency')
    expect(() => latencyBaselineFile('../up.spec.ts', ['x'])).toThrow(BaselineError)
  })
})

describe('checkLatencyBaseline', () => {
  it('under none, fails a missing baseline and writes nothing', () => {
    const { snapshotDir, base } = setup()
    const r = checkLatencyBaseline({ ...base, current: latencies(40, 10, 0.05, 1), update: 'none' })
    expect(r).toMatchObject({ status: 'missing', pass: false, written: false })
    expect(existsSync(join(snapshotDir, base.file))).toBe(false)
  })

  it('under new, writes a missing baseline as pretty JSON with the machine line, params and sorted samples', () => {
    const { snapshotDir, base } = setup()
    const current = latencies(40, 10, 0.05, 1)
    const r = checkLatencyBaseline({ ...base, current, update: 'new' })
    expect(r).toMatchObject({ status: 'written', pass: true, written: true })
    const text = readFileSync(join(snapshotDir, base.file), 'utf8')
    expect(text).toContain('\n  "machine": "CPU A x2, Node v20"')
    const stored = parseLatencyBaseline(text, base.file)
    expect(stored.samples).toEqual([...current.samples].sort((a, b) => a - b))
    expect(stored.params).toEqual({ engine: 'a' })
    expect(stored.test).toEqual(['extract', 'stays fast'])
  })

  it('caps the stored samples, keeping the extremes', () => {
    const { snapshotDir, base } = setup()
    const current = latencies(3000, 10, 0.5, 2)
    checkLatencyBaseline({ ...base, current, update: 'new' })
    const stored = parseLatencyBaseline(readFileSync(join(snapshotDir, base.file), 'utf8'), base.file)
    expect(stored.samples).toHaveLength(MAX_STORED_SAMPLES)
    expect(stored.measured).toBe(3000)
    expect(stored.samples[0]).toBe(Math.min(...current.samples))
    expect(stored.samples.at(-1)).toBe(Math.max(...current.samples))
  })

  it('finds a 2x slower measurement regressed, names both machines, and leaves the file alone under new', () => {
    const { snapshotDir, base } = setup()
    checkLatencyBaseline({ ...base, current: latencies(40, 10, 0.05, 1), update: 'new' })
    const before = readFileSync(join(snapshotDir, base.file), 'utf8')
    const r = checkLatencyBaseline({ ...base, current: latencies(40, 20, 0.05, 3), update: 'new', machine: 'CPU B x8, Node v22' })
    expect(r.status).toBe('regressed')
    expect(r.pass).toBe(false)
    if (r.status !== 'regressed') return
    expect(r.comparison.ratio).toBeGreaterThan(1.8)
    expect(r.comparison.ci[0]).toBeGreaterThan(1.2)
    expect(r.machine).toEqual({ current: 'CPU B x8, Node v22', baseline: 'CPU A x2, Node v20' })
    expect(readFileSync(join(snapshotDir, base.file), 'utf8')).toBe(before)
  })

  it('under all, rewrites a regressed baseline but never one within the limit', () => {
    const { snapshotDir, base } = setup()
    checkLatencyBaseline({ ...base, current: latencies(40, 10, 0.05, 1), update: 'new' })
    const before = readFileSync(join(snapshotDir, base.file), 'utf8')
    const same = checkLatencyBaseline({ ...base, current: latencies(40, 10, 0.05, 4), update: 'all' })
    expect(same.status).toBe('within')
    expect(readFileSync(join(snapshotDir, base.file), 'utf8')).toBe(before)
    const slower = latencies(40, 20, 0.05, 3)
    const r = checkLatencyBaseline({ ...base, current: slower, update: 'all' })
    expect(r).toMatchObject({ status: 'updated', pass: true, reason: 'regressed' })
    const stored = parseLatencyBaseline(readFileSync(join(snapshotDir, base.file), 'utf8'), base.file)
    expect(stored.samples).toEqual([...slower.samples].sort((a, b) => a - b))
  })

  it('passes a same-distribution measurement (within or inconclusive, never regressed)', () => {
    const { base } = setup()
    checkLatencyBaseline({ ...base, current: latencies(30, 10, 0.3, 1), update: 'new' })
    const r = checkLatencyBaseline({ ...base, current: latencies(30, 10, 0.3, 5), update: 'none' })
    expect(['within', 'inconclusive']).toContain(r.status)
    expect(r.pass).toBe(true)
  })

  it('throws a BaselineError naming a corrupt file, and replaces it only under all', () => {
    const { snapshotDir, base } = setup()
    checkLatencyBaseline({ ...base, current: latencies(10, 10, 0.05, 1), update: 'new' })
    writeFileSync(join(snapshotDir, base.file), '{ "version": 1, "samp')
    const current = latencies(10, 10, 0.05, 2)
    expect(() => checkLatencyBaseline({ ...base, current, update: 'none' })).toThrow(/latency baseline bench\.spec\.ts\/extract__stays-fast\.latency is not valid JSON/)
    expect(() => checkLatencyBaseline({ ...base, current, update: 'new' })).toThrow(BaselineError)
    expect(checkLatencyBaseline({ ...base, current, update: 'all' })).toMatchObject({ status: 'updated', reason: 'corrupt' })
    expect(parseLatencyBaseline(readFileSync(join(snapshotDir, base.file), 'utf8'), base.file).samples).toHaveLength(10)
  })

  it('names what is wrong in a valid-JSON file', () => {
    expect(() => parseLatencyBaseline('{"version":1,"machine":"m","samples":[1,-2]}', 'a/b.latency')).toThrow(/a\/b\.latency has an invalid sample at index 1/)
    expect(() => parseLatencyBaseline('[]', 'a/b.latency')).toThrow(/not a JSON object/)
  })
})
