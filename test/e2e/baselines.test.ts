import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { parseBaseline } from '../../src/baselines/validate.ts'

const repo = fileURLToPath(new URL('../..', import.meta.url))
const fixture = fileURLToPath(new URL('./fixtures/baselines', import.meta.url))
const vitestBin = join(repo, 'node_modules', 'vitest', 'vitest.mjs')
const TIMEOUT = 180_000

const FACTS = 'baseline.spec.ts/facts__facts-and-winner-match-the-reviewed-baseline.json'
const VOTES = 'baseline.spec.ts/votes-3-stay-put-over-3-samples.json'
const OLD = new Date('2001-02-03T04:05:06Z')

interface Outcome {
  code: number | null
  output: string
}

/**
 * Runs real Vitest on the fixture project. The environment is a whitelist: a
 * CI host's variables (CI, GITHUB_ACTIONS, …) would otherwise make every run
 * update mode "none"; `ci: true` sets CI=true on purpose.
 */
function vitest(out: string, options: { drop?: number; ci?: boolean; args?: string[] } = {}): Promise<Outcome> {
  const env: Record<string, string> = { BUTTERFLY_E2E_OUT: out, NO_COLOR: '1', BUTTERFLY_E2E_DROP: String(options.drop ?? 0) }
  for (const key of ['PATH', 'HOME', 'TMPDIR', 'LANG', 'SystemRoot']) {
    const value = process.env[key]
    if (value !== undefined) env[key] = value
  }
  if (options.ci) env.CI = 'true'
  const args = [vitestBin, 'run', '--root', fixture, '--config', join(fixture, 'vitest.config.ts'), ...(options.args ?? [])]
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: fixture, env, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (d: Buffer) => (output += d.toString()))
    child.stderr.on('data', (d: Buffer) => (output += d.toString()))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, output }))
  })
}

/** Every file under `dir` with its bytes and mtime, to prove a run touched nothing. */
function listing(dir: string): Record<string, { text: string; mtimeMs: number }> {
  if (!existsSync(dir)) return {}
  const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile())
  return Object.fromEntries(files.map((e) => {
    const path = join(e.parentPath, e.name)
    return [path.slice(dir.length + 1), { text: readFileSync(path, 'utf8'), mtimeMs: statSync(path).mtimeMs }]
  }))
}

const made: string[] = []
function outDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'butterfly-baselines-e2e-'))
  made.push(dir)
  return dir
}

afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true })
})

describe('toMatchBaseline on a real Vitest project, locally and with -u', () => {
  const out = outDir()
  const snapshots = join(out, 'snapshots')
  const read = (file: string): ReturnType<typeof parseBaseline> => parseBaseline(readFileSync(join(snapshots, file), 'utf8'), file)

  it('the first local run writes the baselines and passes', async () => {
    const run = await vitest(out)
    expect(run.code, run.output).toBe(0)
    expect(Object.keys(listing(snapshots)).sort()).toEqual([FACTS, VOTES])
    const facts = read(FACTS)
    expect(facts.test).toEqual(['facts', 'facts and winner match the reviewed baseline'])
    expect(facts.stages.facts).toMatchObject({ tolerance: 0.1, metric: { name: 'setShift' }, samples: 1 })
    expect(facts.stages.facts?.output).toHaveLength(20)
    expect(facts.stages.winner?.output).toBe('f3')
    // The stochastic stage keeps one output per sample, with their noise floor.
    expect(read(VOTES).stages.votes).toMatchObject({ samples: 3, noiseFloor: { values: [expect.any(Number), expect.any(Number), expect.any(Number)] } })
    expect(read(VOTES).stages.votes?.outputs).toHaveLength(3)
  }, TIMEOUT)

  it('a second run passes without touching the files (content and mtime)', async () => {
    for (const file of [FACTS, VOTES]) utimesSync(join(snapshots, file), OLD, OLD)
    const before = listing(snapshots)
    const run = await vitest(out)
    expect(run.code, run.output).toBe(0)
    expect(listing(snapshots)).toEqual(before)
    expect(before[FACTS]?.mtimeMs).toBe(OLD.getTime())
  }, TIMEOUT)

  it('a perturbation beyond tolerance fails with the drift, the tolerance and the changed items, and writes nothing', async () => {
    const before = listing(snapshots)
    const run = await vitest(out, { drop: 5 })
    expect(run.code).toBe(1)
    expect(run.output).toContain(`baseline ${FACTS} drifted beyond tolerance`)
    expect(run.output).toMatch(/facts: DRIFTED, max drift 0\.25 > tolerance 0\.1; metric setShift/)
    expect(run.output).toMatch(/changed: .*f15/)
    expect(run.output).toMatch(/rerun with -u/)
    expect(listing(snapshots)).toEqual(before)
  }, TIMEOUT)

  it('-u rewrites the drifted baseline (only that one), and the next run matches it', async () => {
    const run = await vitest(out, { drop: 5, args: ['-u'] })
    expect(run.code, run.output).toBe(0)
    const facts = read(FACTS)
    expect(facts.params).toEqual({ facts: { drop: 5 } })
    expect(facts.stages.facts?.output).toHaveLength(15)
    expect(facts.stages.facts?.drift).toMatchObject({ values: [0.25], max: 0.25 })
    expect(statSync(join(snapshots, FACTS)).mtimeMs).not.toBe(OLD.getTime())
    expect(statSync(join(snapshots, VOTES)).mtimeMs).toBe(OLD.getTime())
    const again = await vitest(out, { drop: 5 })
    expect(again.code, again.output).toBe(0)
  }, TIMEOUT)

  it('a corrupt file and a hand edit into an invalid shape fail with the file and the problem, and stay as they are', async () => {
    writeFileSync(join(snapshots, FACTS), '{ "version": 1, oops')
    const votes = JSON.parse(readFileSync(join(snapshots, VOTES), 'utf8')) as { stages: { votes: { samples: unknown } } }
    votes.stages.votes.samples = 'three'
    writeFileSync(join(snapshots, VOTES), JSON.stringify(votes, null, 2))
    const before = listing(snapshots)
    const run = await vitest(out, { drop: 5 })
    expect(run.code).toBe(1)
    expect(run.output).toContain(`BaselineError: [butterfly] [baselines] ${FACTS} is corrupt: not valid JSON`)
    expect(run.output).toContain(`${VOTES} has an invalid shape at "stages.votes.samples": expected an integer >= 1, got the string "three"`)
    expect(listing(snapshots)).toEqual(before)
  }, TIMEOUT)
})

describe('toMatchBaseline in CI (CI=true: update mode "none")', () => {
  it('a missing baseline fails, and snapshots/ is not even created', async () => {
    const out = outDir()
    const run = await vitest(out, { ci: true })
    expect(run.code).toBe(1)
    expect(run.output).toContain(`baseline ${FACTS} has no reviewed baseline, and CI (update mode "none") writes none`)
    expect(existsSync(join(out, 'snapshots'))).toBe(false)
  }, TIMEOUT)

  it('with one of two baselines missing, the run fails and snapshots/ stays exactly as it was', async () => {
    const out = outDir()
    const local = await vitest(out)
    expect(local.code, local.output).toBe(0)
    unlinkSync(join(out, 'snapshots', VOTES))
    utimesSync(join(out, 'snapshots', FACTS), OLD, OLD)
    const before = listing(join(out, 'snapshots'))
    const run = await vitest(out, { ci: true })
    expect(run.code).toBe(1)
    expect(run.output).toContain(`baseline ${VOTES} has no reviewed baseline`)
    expect(listing(join(out, 'snapshots'))).toEqual(before)
  }, TIMEOUT)
})
