import { spawn } from 'node:child_process'
import { rmSync } from 'node:fs'
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sha256 } from '../../src/core/hash.ts'
import type { ButterflyReport } from '../../src/report/model.ts'
import { copyFixture } from './fixture-project.ts'
import type { FixtureProject } from './fixture-project.ts'

const root = fileURLToPath(new URL('../..', import.meta.url))
const worker = fileURLToPath(new URL('../fixtures/multi-process/worker.ts', import.meta.url))
const WORKERS = 6

interface Report {
  id: string
  warnings: string[]
  samples: { sample: number; statuses: Record<string, string>; hashes: Record<string, string | null>; summary: unknown }[]
}

function spawnWorker(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', worker, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

async function entryFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true })
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name))
}

describe('several processes on one cache directory', () => {
  let base: string
  let cacheDir: string
  let reports: Report[]

  beforeAll(async () => {
    base = await mkdtemp(join(tmpdir(), 'butterfly-multi-'))
    cacheDir = join(base, 'cache')
    const barrier = join(base, 'barrier')
    await mkdir(barrier)
    const outcomes = await Promise.all(Array.from({ length: WORKERS }, (_, i) => spawnWorker([cacheDir, barrier, String(i), String(WORKERS)])))
    for (const [i, o] of outcomes.entries()) {
      if (o.code !== 0) throw new Error(`worker ${i} exited with ${o.code}:\n${o.stderr}`)
    }
    reports = outcomes.map((o) => JSON.parse(o.stdout.trim()) as Report)
  }, 120_000)

  afterAll(async () => {
    await rm(base, { recursive: true, force: true })
  })

  it('all finish, without a single failed hash check along the way', () => {
    expect(reports).toHaveLength(WORKERS)
    for (const r of reports) {
      expect(r.warnings).toEqual([])
      expect(r.samples.map((s) => s.sample)).toEqual([0, 1, 2, 3])
      for (const s of r.samples) expect(Object.values(s.statuses).every((x) => x === 'executed' || x === 'cached')).toBe(true)
    }
  })

  it('executes every key once across all processes: the others wait for the one computing it', () => {
    // 3 deterministic stages + 2 stochastic stages x 4 samples = 11 distinct keys.
    const executed = reports.flatMap((r) => r.samples.flatMap((s) => Object.values(s.statuses))).filter((x) => x === 'executed')
    expect(executed).toHaveLength(3 + 2 * 4)
  })

  it('all see equal outputs and hashes, sample by sample', () => {
    const [first, ...rest] = reports
    for (const r of rest) {
      expect(r.samples.map((s) => s.hashes)).toEqual(first!.samples.map((s) => s.hashes))
      expect(r.samples.map((s) => s.summary)).toEqual(first!.samples.map((s) => s.summary))
    }
    // Sanity: samples differ where the pipeline is stochastic and agree where it is not.
    const [s0, s1] = first!.samples
    expect(s1!.hashes.corpus).toBe(s0!.hashes.corpus)
    expect(s1!.hashes.sampled).not.toBe(s0!.hashes.sampled)
  })

  it('leaves only complete entries that pass the hash check, and no temporary files', async () => {
    const files = await entryFiles(cacheDir)
    // 3 deterministic stages + 2 stochastic stages x 4 samples.
    expect(files.filter((f) => f.endsWith('.entry'))).toHaveLength(3 + 2 * 4)
    // Besides the entries, only the index's segments (written by the processes at exit).
    const segments = files.filter((f) => /[/\\]index[/\\][^/\\]+\.idx$/.test(f))
    expect(segments.length).toBeGreaterThan(0)
    expect(files.filter((f) => !f.endsWith('.entry') && !segments.includes(f))).toEqual([])
    for (const file of files.filter((f) => f.endsWith('.entry'))) {
      const raw = await readFile(file)
      expect(raw[64]).toBe(0x0a)
      expect(sha256(raw.subarray(65))).toBe(raw.subarray(0, 64).toString('latin1'))
      // Format 3: a one-line header, then the output.
      const entry = JSON.parse(raw.subarray(65).toString('utf8').split('\n')[0]!) as { v: number; hash: string }
      expect(entry.v).toBe(3)
      expect(typeof entry.hash).toBe('string')
    }
  })

  it('a later run in the same directory finds everything cached', async () => {
    const again = await spawnWorker([cacheDir, join(base, 'barrier'), 'late', String(WORKERS)])
    expect(again.code).toBe(0)
    const report = JSON.parse(again.stdout.trim()) as Report
    expect(report.warnings).toEqual([])
    for (const s of report.samples) expect(Object.values(s.statuses).every((x) => x === 'cached')).toBe(true)
    expect(report.samples.map((s) => s.hashes)).toEqual(reports[0]!.samples.map((s) => s.hashes))
  })
})

describe('4 Vitest workers on 4 spec files of one pipeline', () => {
  let project: FixtureProject
  afterAll(() => project?.remove())

  it('execute every key once across the workers', async () => {
    project = copyFixture('stability')
    for (const f of ['stable', 'unstable']) rmSync(project.path(`specs/${f}.spec.ts`))
    // Four files asking for overlapping sweeps of one pipeline: the base runs are shared by all.
    const perturbations = ["perturb.jitter('scoring.noise', 0.02)", "perturb.jitter('scoring.noise', 0.04)", "perturb.swap('candidates.set', 'b')", "perturb.jitter('scoring.noise', 0.02)"]
    for (const [i, p] of perturbations.entries()) {
      project.write(`specs/s${i}.spec.ts`, `import { expect, it } from 'vitest'
import { metrics, perturb } from 'vitest-butterfly'
import { pipeline } from '../pipeline.ts'

it('sweeps', async () => {
  await expect(pipeline).toBeStableUnder(${p}, { stage: 'ranking', metric: metrics.top1(), tolerance: 1, repeats: 8 })
})
`)
    }
    const result = await project.vitest(['run', '--maxWorkers=4'], { BUTTERFLY_CACHE_DIR: project.path('cache') })
    expect(result.output).toMatch(/Tests\s+4 passed \(4\)/)
    const execution = (JSON.parse(project.read('butterfly-report.json')) as ButterflyReport).summary.execution
    // Stage entries: the measurement tables the matchers stored (one per sweep) are named apart.
    const keys = (await entryFiles(project.path('cache'))).filter((f) => f.endsWith('.entry') && !basename(f).startsWith('measurements-'))
    expect(execution.executed).toBeGreaterThan(0)
    expect(execution.executed).toBe(keys.length)
    expect(execution.executed + execution.cached).toBe(execution.runs * 3)
  }, 120_000)
})
