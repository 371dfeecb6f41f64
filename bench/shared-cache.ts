import { spawn } from 'node:child_process'
import { rmSync } from 'node:fs'
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Redis } from 'ioredis'
import type { ButterflyReport } from '../src/report/model.ts'
import { copyFixture } from '../test/e2e/fixture-project.ts'
import type { CommandResult, FixtureProject } from '../test/e2e/fixture-project.ts'
import { redisServerMissing, startRedisServer } from '../test/support/redis-server.ts'
import { median } from './median.ts'
import type { Outcome, Row } from './report.ts'
import { ms, over, ratio } from './report.ts'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const WORKER = join(ROOT, 'test/fixtures/multi-process/worker.ts')
const PROCESSES = 6
const WARM_RUNS = 3
const REMOTE_TARGET = 1.3

async function entries(dir: string): Promise<number> {
  const all = await readdir(dir, { recursive: true }).catch(() => [] as string[])
  // Stage entries only: measurement tables (one per sweep) are entries of their own.
  return all.filter((f) => f.endsWith('.entry') && !basename(f).startsWith('measurements-')).length
}

function node(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => void (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => void (stderr += d.toString()))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

const met = (x: number, target: number): Row['verdict'] => (x <= target ? 'met' : 'missed')
const execution = (project: FixtureProject): ButterflyReport['summary']['execution'] =>
  (JSON.parse(project.read('butterfly-report.json')) as ButterflyReport).summary.execution
const check = (what: string, r: CommandResult, codes: (number | null)[]): void => {
  if (!codes.includes(r.code)) throw new Error(`${what} exited with ${r.code}:\n${r.output.slice(-2000)}`)
}

async function processes(): Promise<{ executed: number; keys: number }> {
  const base = await mkdtemp(join(tmpdir(), 'butterfly-bench-procs-'))
  try {
    const barrier = join(base, 'barrier')
    await mkdir(barrier)
    const cache = join(base, 'cache')
    const outs = await Promise.all(Array.from({ length: PROCESSES }, (_, i) => node([WORKER, cache, barrier, String(i), String(PROCESSES)])))
    let executed = 0
    for (const o of outs) {
      if (o.code !== 0) throw new Error(`worker exited with ${o.code}: ${o.stderr}`)
      const report = JSON.parse(o.stdout.trim()) as { samples: { statuses: Record<string, string> }[] }
      for (const s of report.samples) executed += Object.values(s.statuses).filter((x) => x === 'executed').length
    }
    return { executed, keys: await entries(cache) }
  } finally {
    await rm(base, { recursive: true, force: true })
  }
}

async function vitestWorkers(): Promise<{ executed: number; keys: number }> {
  const project = copyFixture('stability')
  try {
    const perturbations = ["perturb.jitter('scoring.noise', 0.02)", "perturb.jitter('scoring.noise', 0.04)", "perturb.swap('candidates.set', 'b')", "perturb.jitter('scoring.noise', 0.02)"]
    for (const f of ['stable', 'unstable']) rmSync(project.path(`specs/${f}.spec.ts`))
    for (const [i, p] of perturbations.entries()) {
      project.write(`specs/s${i}.spec.ts`, `import { expect, it } from 'vitest'
import { metrics, perturb } from 'vitest-butterfly'
import { pipeline } from '../pipeline.ts'
it('sweeps', async () => {
  await expect(pipeline).toBeStableUnder(${p}, { stage: 'ranking', metric: metrics.top1(), tolerance: 1, repeats: 8 })
})
`)
    }
    const r = await project.vitest(['run', '--maxWorkers=4'], { BUTTERFLY_CACHE_DIR: project.path('cache') })
    check('4-worker run', r, [0])
    return { executed: execution(project).executed, keys: await entries(project.path('cache')) }
  } finally {
    project.remove()
  }
}

/**
 * Single flight and the shared Redis tier: executions ÷ distinct keys for 6
 * processes on one directory, 4 Vitest workers, and two sharded machines on
 * one Redis; the warm third machine; the remote tier's cost on a warm run.
 */
export async function sharedCache(): Promise<Outcome> {
  const rows: Row[] = []
  const procs = await processes()
  rows.push({ measure: `${PROCESSES} processes on one cache directory: executions ÷ distinct keys`, value: `${ratio(procs.executed / procs.keys)} (${procs.executed}/${procs.keys})`, target: '1.00×', verdict: procs.executed === procs.keys ? 'met' : 'missed' })
  const workers = await vitestWorkers()
  rows.push({ measure: 'Vitest, 4 workers on 4 spec files of one pipeline: executions ÷ distinct keys', value: `${ratio(workers.executed / workers.keys)} (${workers.executed}/${workers.keys})`, target: '1.00×', verdict: workers.executed === workers.keys ? 'met' : 'missed' })

  const notes = [
    `Executions are the stage results with status \`executed\` (the workers' own statuses; Vitest: the merged report's \`summary.execution.executed\`); distinct keys are the entries in the cache afterwards (Redis: its keys, claims excluded). ${PROCESSES} processes: test/fixtures/multi-process/worker.ts (5 stages, 4 samples, 11 keys), started together behind a barrier. 4 Vitest workers: the stability fixture (test/e2e/fixtures/stability) with 4 spec files sweeping the same pipeline (3 of 4 share their base runs, 2 are identical), \`--maxWorkers=4\`.`,
  ]
  const missing = redisServerMissing()
  if (missing) {
    rows.push({ measure: 'sharded machines on one Redis', value: missing, verdict: 'skipped' })
    return { rows, notes }
  }
  const server = await startRedisServer()
  const redis = new Redis(server.url)
  const project = copyFixture('stability')
  try {
    const machine = (name: string, remote = true): Record<string, string | undefined> => ({
      BUTTERFLY_CACHE_DIR: project.path(`machine-${name}`), BUTTERFLY_REMOTE_CACHE: remote ? server.url : undefined,
    })
    const shards = await Promise.all([1, 2].map((i) => project.vitest(['run', `--shard=${i}/2`, '--reporter=blob'], machine(`shard-${i}`))))
    shards.forEach((s, i) => check(`shard ${i + 1}`, s, [0, 1]))
    check('merge', await project.vitest(['run', '--merge-reports']), [1])
    const sharded = execution(project).executed
    const keys = (await redis.keys('butterfly:*')).filter((k) => !k.endsWith(':claim') && !k.includes('measurements-')).length
    rows.push({ measure: '2 machines (own cache dirs) running --shard=1/2 and 2/2 at once on one Redis: executions ÷ distinct keys', value: `${ratio(sharded / keys)} (${sharded}/${keys})`, target: '1.00×', verdict: sharded === keys ? 'met' : 'missed' })
    check('third machine', await project.vitest(['run'], machine('third')), [1])
    const third = execution(project)
    rows.push({ measure: 'a third, fresh machine: executions (all from Redis)', value: `${third.executed} of ${third.executed + third.cached} stages`, target: '0', verdict: third.executed === 0 ? 'met' : 'missed' })

    // Warm on the local directory, with and without the remote configured, interleaved;
    // then fresh local directories served from Redis alone.
    const local: number[] = []
    const withRemote: number[] = []
    const remoteOnly: number[] = []
    const timed = async (env: Record<string, string | undefined>, into?: number[]): Promise<void> => {
      const t0 = performance.now()
      const r = await project.vitest(['run'], env)
      check('warm run', r, [1])
      if (!into) return
      into.push(performance.now() - t0)
      if (execution(project).executed !== 0) throw new Error('a warm run executed stages')
    }
    // Fills the local directory of the warm machine (from Redis).
    await timed(machine('warm', true))
    for (let i = 0; i < WARM_RUNS; i++) {
      await timed(machine('warm', false), local)
      await timed(machine('warm', true), withRemote)
      await timed(machine(`fresh-${i}`, true), remoteOnly)
    }
    const added = median(withRemote) / median(local)
    rows.push({ measure: 'warm run with the Redis tier ÷ without (local directory warm)', value: `${ratio(added)} (${ms(median(withRemote))} vs ${ms(median(local))})`, target: `≤ ${REMOTE_TARGET}×`, verdict: met(added, REMOTE_TARGET), ...(added > REMOTE_TARGET ? { by: over(added, REMOTE_TARGET) } : {}) })
    rows.push({ measure: 'warm run from Redis alone (empty local directory) ÷ local warm', value: `${ratio(median(remoteOnly) / median(local))} (${ms(median(remoteOnly))})`, verdict: 'info' })
    notes.push(`Redis: a real \`redis-server\` started by the bench on 127.0.0.1 (random port, no persistence). The sharded rows run the stability fixture (${third.runs} runs of 3 stages) as CI would: two Vitest processes at once, each with its own cache directory and \`BUTTERFLY_REMOTE_CACHE\`, blob reporter, then \`--merge-reports\`. Warm-run rows: wall time of the whole Vitest process on the same fixture, ${WARM_RUNS} interleaved runs each after one unmeasured warm-up, medians; "from Redis alone" starts each run with a fresh local directory, so every stage is read from Redis and copied into it.`)
  } finally {
    redis.disconnect()
    project.remove()
    await server.stop()
  }
  return { rows, notes }
}
