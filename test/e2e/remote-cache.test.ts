import { rmSync } from 'node:fs'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ButterflyReport } from '../../src/report/model.ts'
import type { RedisServer } from '../support/redis-server.ts'
import { redisServerMissing, startRedisServer } from '../support/redis-server.ts'
import { copyFixture } from './fixture-project.ts'
import type { FixtureProject } from './fixture-project.ts'

// Real Vitest on test/e2e/fixtures/stability, with each "machine" its own
// local cache directory and all of them one real redis-server.
const missing = redisServerMissing()

describe.skipIf(missing)(`sharded CI machines sharing a Redis cache${missing ? ` (skipped: ${missing})` : ''}`, () => {
  let project: FixtureProject
  let server: RedisServer
  let redis: Redis
  const machine = (name: string, extra: Record<string, string> = {}) => ({
    BUTTERFLY_CACHE_DIR: project.path(`machine-${name}`), BUTTERFLY_REMOTE_CACHE: server.url, ...extra,
  })
  const report = (): ButterflyReport => JSON.parse(project.read('butterfly-report.json')) as ButterflyReport
  const resetReports = (): void => {
    for (const f of ['.vitest-reports', 'butterfly-report.md', 'butterfly-report.json']) rmSync(project.path(f), { recursive: true, force: true })
  }
  // Stage entries: claims and the measurement tables (one per sweep) excluded.
  const butterflyKeys = async (): Promise<number> => (await redis.keys('butterfly:*')).filter((k) => !k.endsWith(':claim') && !k.includes('measurements-')).length

  beforeAll(async () => {
    project = copyFixture('stability')
    server = await startRedisServer()
    redis = new Redis(server.url)
  })
  afterAll(async () => {
    redis?.disconnect()
    await server?.stop()
    project?.remove()
  })

  it('two machines run one shard each: every stage executes once across both, and the merged report equals an unsharded one', async () => {
    // Both at once, as the jobs of a CI matrix: a stage both need is computed by one, the other waits for it.
    const [first, second] = await Promise.all([
      project.vitest(['run', '--shard=1/2', '--reporter=blob'], machine('a')),
      project.vitest(['run', '--shard=2/2', '--reporter=blob'], machine('b')),
    ])
    expect([first.code, second.code].sort()).toEqual([0, 1])
    expect(`${first.output}${second.output}`).not.toContain('[cache:')
    const merged = await project.vitest(['run', '--merge-reports'])
    expect(merged.code).toBe(1)
    const cold = report().summary.execution
    // 3 stages a run; the fixture's sweeps share their base runs.
    expect(cold.runs).toBeGreaterThan(0)
    expect(cold.executed + cold.cached).toBe(3 * cold.runs)
    // Executions = distinct keys: every executed stage wrote one entry to Redis, and none was written twice.
    expect(cold.executed).toBe(await butterflyKeys())
    expect(await redis.keys('butterfly:*:claim')).toEqual([])

    // A third, fresh machine runs the whole suite from Redis alone.
    resetReports()
    const third = await project.vitest(['run'], machine('c'))
    expect(third.code).toBe(1)
    // Each distinct entry is read from Redis once, then from the local directory it was copied into.
    const keys = await butterflyKeys()
    const stages = 3 * cold.runs
    expect(report().summary.execution).toEqual({ runs: cold.runs, executed: 0, cached: stages, failed: 0, skipped: 0, modelCalls: 0, remote: keys })
    expect(third.output).toContain(`stages: 0 executed, ${stages} cached (${keys} from the remote cache) · 0 model calls`)
    const unshardedMarkdown = project.read('butterfly-report.md')
    const unshardedJson = project.read('butterfly-report.json')

    // Two more fresh machines, sharded, warm from Redis: the merge gives the same report byte for byte.
    resetReports()
    const shards = [
      await project.vitest(['run', '--shard=1/2', '--reporter=blob'], machine('d')),
      await project.vitest(['run', '--shard=2/2', '--reporter=blob'], machine('e')),
    ]
    expect(shards.map((s) => s.code).sort()).toEqual([0, 1])
    expect((await project.vitest(['run', '--merge-reports'])).code).toBe(1)
    // Equal but for how many entries each machine happened to read from Redis rather than from
    // its own directory (one process of a machine can copy an entry in before another needs it).
    const tierless = (text: string): string => text.replace(/ \(\d+ from the remote cache\)/g, '').replace(/,\s*"remote": \d+/g, '')
    expect(project.read('butterfly-report.md')).toMatch(/\(\d+ from the remote cache\)/)
    expect(tierless(project.read('butterfly-report.md'))).toBe(tierless(unshardedMarkdown))
    expect(tierless(project.read('butterfly-report.json'))).toBe(tierless(unshardedJson))
  }, 240_000)

  it('a Redis killed mid-run: the run completes with the same verdicts, the remote named in one warning from two workers', async () => {
    const doomed = await startRedisServer()
    resetReports()
    // A spec of the run kills the server between two sweeps: the first fills
    // it, the second (new keys) finds it gone.
    project.write('specs/zz-kill.spec.ts', `import { expect, it } from 'vitest'
import { metrics, perturb } from 'vitest-butterfly'
import { pipeline } from '../pipeline.ts'

it('fills the remote', async () => {
  await expect(pipeline).toBeStableUnder(perturb.jitter('scoring.noise', 0.02), { stage: 'ranking', metric: metrics.top1(), tolerance: 0.25, repeats: 20 })
})
it('loses the remote', () => {
  process.kill(Number(process.env.REDIS_PID), 'SIGKILL')
})
it('goes on without it', async () => {
  await expect(pipeline).not.toBeStableUnder(perturb.swap('candidates.set', 'b'), { stage: 'ranking', metric: metrics.top1(), tolerance: 0, repeats: 10 })
})
`)
    // A second worker of the same run that also finds the server gone.
    project.write('specs/zz-after.spec.ts', `import { expect, it } from 'vitest'
import { metrics, perturb } from 'vitest-butterfly'
import { pipeline } from '../pipeline.ts'

const alive = (pid: number): boolean => { try { process.kill(pid, 0); return true } catch { return false } }

it('goes on without it too', async () => {
  for (const t0 = Date.now(); alive(Number(process.env.REDIS_PID)) && Date.now() - t0 < 30_000;) await new Promise((r) => setTimeout(r, 20))
  await expect(pipeline).not.toBeStableUnder(perturb.swap('candidates.set', 'b'), { stage: 'ranking', metric: metrics.top1(), tolerance: 0, repeats: 12 })
})
`)
    try {
      const killed = await project.vitest(['run', '--maxWorkers=2', 'specs/zz-'], {
        BUTTERFLY_CACHE_DIR: project.path('machine-f'), BUTTERFLY_REMOTE_CACHE: doomed.url, REDIS_PID: String(doomed.pid),
      })
      expect(killed.output).toMatch(/Tests\s+4 passed \(4\)/)
      expect(killed.code).toBe(0)
      const warnings = killed.output.match(/the remote cache is not usable/g) ?? []
      expect(warnings).toHaveLength(1)
      expect(killed.output).toContain(`[butterfly] [cache:redis] the remote cache is not usable ([cache:redis] cannot `)
      expect(killed.output).toContain(doomed.url)
      expect(report().summary.execution.failed).toBe(0)
    } finally {
      for (const f of ['zz-kill', 'zz-after']) rmSync(project.path(`specs/${f}.spec.ts`), { force: true })
      await doomed.stop()
    }
  }, 120_000)
})
