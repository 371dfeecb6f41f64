import { existsSync, readdirSync, readFileSync, statSync, unlinkSync, utimesSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { parseBaseline } from '../../src/baselines/validate.ts'
import type { ButterflyReport } from '../../src/report/model.ts'
import { copyFixture } from './fixture-project.ts'
import type { FixtureProject } from './fixture-project.ts'

const TIMEOUT = 180_000
const FACTS = 'baseline.spec.ts/facts__facts-and-winner-match-the-reviewed-baseline.json'
const VOTES = 'baseline.spec.ts/votes-3-stay-put-over-3-samples.json'
const OLD = new Date('2001-02-03T04:05:06Z')

/** Every file under `dir` with its bytes and mtime, to prove a run touched nothing. */
function listing(dir: string): Record<string, { text: string; mtimeMs: number }> {
  if (!existsSync(dir)) return {}
  const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile())
  return Object.fromEntries(files.map((e) => {
    const path = join(e.parentPath, e.name)
    return [path.slice(dir.length + 1), { text: readFileSync(path, 'utf8'), mtimeMs: statSync(path).mtimeMs }]
  }))
}

const projects: FixtureProject[] = []
function project(): FixtureProject {
  const p = copyFixture('baselines')
  projects.push(p)
  return p
}

afterAll(() => {
  for (const p of projects) p.remove()
})

describe('toMatchBaseline on a real Vitest project, locally and with -u', () => {
  const fixture = project()
  const snapshots = fixture.path('snapshots')
  const read = (file: string): ReturnType<typeof parseBaseline> => parseBaseline(fixture.read(join('snapshots', file)), file)

  it('the first local run writes the baselines and passes', async () => {
    expect(existsSync(snapshots)).toBe(false)
    const run = await fixture.vitest(['run'])
    expect(run.code, run.output).toBe(0)
    expect(Object.keys(listing(snapshots)).sort()).toEqual([FACTS, VOTES])
    const facts = read(FACTS)
    expect(facts.test).toEqual(['facts', 'facts and winner match the reviewed baseline'])
    expect(facts.params).toEqual({ facts: { count: 20 } })
    expect(facts.stages.facts).toMatchObject({ tolerance: 0.1, metric: { name: 'setShift' }, samples: 1 })
    expect(facts.stages.facts?.output).toHaveLength(20)
    expect(facts.stages.winner?.output).toBe('f3')
    // The stochastic stage keeps one output per sample, with their noise floor (3 pairs).
    expect(read(VOTES).stages.votes?.outputs).toHaveLength(3)
    expect(read(VOTES).stages.votes?.noiseFloor?.values).toHaveLength(3)
    expect((JSON.parse(fixture.read('butterfly-report.json')) as ButterflyReport).summary.execution.executed).toBeGreaterThan(0)
  }, TIMEOUT)

  it('a second run passes without touching the files (content and mtime)', async () => {
    for (const file of [FACTS, VOTES]) utimesSync(join(snapshots, file), OLD, OLD)
    const before = listing(snapshots)
    const run = await fixture.vitest(['run'])
    expect(run.code, run.output).toBe(0)
    expect(run.output).toMatch(/2 matched/)
    expect(listing(snapshots)).toEqual(before)
    expect(before[FACTS]?.mtimeMs).toBe(OLD.getTime())
    // The report confirms a warm run: each record's runs (1 sample, 3 samples of 3 stages) came from the cache.
    const report = JSON.parse(fixture.read('butterfly-report.json')) as ButterflyReport
    expect(report.tests.map((t) => (t.records[0]?.kind === 'baseline' ? t.records[0].execution : undefined)))
      .toEqual([{ runs: 1, executed: 0, cached: 3, failed: 0, skipped: 0, modelCalls: 0 }, { runs: 3, executed: 0, cached: 9, failed: 0, skipped: 0, modelCalls: 0 }])
    expect(run.output).toContain('Runs        4 runs · stages: 0 executed, 12 cached · 0 model calls')
  }, TIMEOUT)

  it('a perturbed pipeline beyond tolerance fails with the drift, the tolerance and the changed items, and writes nothing', async () => {
    fixture.edit('pipeline.ts', 'default(20)', 'default(15)')
    const before = listing(snapshots)
    const run = await fixture.vitest(['run'])
    expect(run.code).toBe(1)
    expect(run.output).toContain(`baseline ${FACTS} drifted beyond tolerance`)
    expect(run.output).toMatch(/facts: DRIFTED, max drift 0\.25 > tolerance 0\.1; metric setShift/)
    expect(run.output).toMatch(/changed: .*f15/)
    expect(run.output).toMatch(/rerun with -u/)
    expect(listing(snapshots)).toEqual(before)
  }, TIMEOUT)

  it('-u rewrites the drifted baseline (only that one), and the next run matches it', async () => {
    const run = await fixture.vitest(['run', '-u'])
    expect(run.code, run.output).toBe(0)
    const facts = read(FACTS)
    expect(facts.params).toEqual({ facts: { count: 15 } })
    expect(facts.stages.facts?.output).toHaveLength(15)
    expect(facts.stages.facts?.drift).toMatchObject({ values: [0.25], max: 0.25 })
    expect(statSync(join(snapshots, FACTS)).mtimeMs).not.toBe(OLD.getTime())
    expect(statSync(join(snapshots, VOTES)).mtimeMs).toBe(OLD.getTime())
    const again = await fixture.vitest(['run'])
    expect(again.code, again.output).toBe(0)
  }, TIMEOUT)

  it('a corrupt file and a hand edit into an invalid shape fail with the file and the problem, and stay as they are', async () => {
    fixture.write(join('snapshots', FACTS), '{ "version": 1, oops')
    const votes = JSON.parse(fixture.read(join('snapshots', VOTES))) as { stages: { votes: { samples: unknown } } }
    votes.stages.votes.samples = 'three'
    fixture.write(join('snapshots', VOTES), JSON.stringify(votes, null, 2))
    const before = listing(snapshots)
    const run = await fixture.vitest(['run'])
    expect(run.code).toBe(1)
    expect(run.output).toContain(`BaselineError: [butterfly] [baselines] ${FACTS} is corrupt: not valid JSON`)
    expect(run.output).toContain(`${VOTES} has an invalid shape at "stages.votes.samples": expected an integer >= 1, got the string "three"`)
    expect(listing(snapshots)).toEqual(before)
  }, TIMEOUT)
})

describe('toMatchBaseline in CI (CI=true: update mode "none")', () => {
  it('a missing baseline fails, and snapshots/ is not even created', async () => {
    const fixture = project()
    const run = await fixture.vitest(['run'], { CI: 'true' })
    expect(run.code).toBe(1)
    expect(run.output).toContain(`baseline ${FACTS} has no reviewed baseline, and CI (update mode "none") writes none`)
    expect(existsSync(fixture.path('snapshots'))).toBe(false)
  }, TIMEOUT)

  it('with one of two baselines missing, the run fails and snapshots/ stays exactly as it was', async () => {
    const fixture = project()
    const local = await fixture.vitest(['run'])
    expect(local.code, local.output).toBe(0)
    unlinkSync(fixture.path('snapshots', VOTES))
    utimesSync(fixture.path('snapshots', FACTS), OLD, OLD)
    const before = listing(fixture.path('snapshots'))
    const run = await fixture.vitest(['run'], { CI: 'true' })
    expect(run.code).toBe(1)
    expect(run.output).toContain(`baseline ${VOTES} has no reviewed baseline`)
    expect(listing(fixture.path('snapshots'))).toEqual(before)
  }, TIMEOUT)
})

describe('obsolete baselines (a renamed test)', () => {
  const OBSOLETE = `snapshots/${VOTES}`

  it('are reported after a full run, not after a filtered one, fail in CI with obsolete: "fail", and -u removes them', async () => {
    const fixture = project()
    expect((await fixture.vitest(['run'])).code).toBe(0)
    fixture.edit('specs/baseline.spec.ts', 'votes ±3 stay/put', 'votes stay put')

    const filtered = await fixture.vitest(['run', '-t', 'facts'])
    expect(filtered.code, filtered.output).toBe(0)
    expect(filtered.output).not.toContain(OBSOLETE)

    const full = await fixture.vitest(['run'])
    expect(full.code, full.output).toBe(0)
    expect(full.output).toMatch(/Obsolete +1 baseline file no test checks any more/)
    expect(full.output).toContain(OBSOLETE)

    fixture.edit('vitest.config.ts', 'butterfly({ report', "butterfly({ obsolete: 'fail', report")
    const ci = await fixture.vitest(['run'], { CI: 'true' })
    // Every test passes: the exit code is the obsolete file's alone.
    expect(ci.code).toBe(1)
    expect(ci.output).toMatch(/Tests +2 passed \(2\)/)
    expect(ci.output).toContain(OBSOLETE)
    expect(existsSync(fixture.path(OBSOLETE))).toBe(true)

    const update = await fixture.vitest(['run', '-u'])
    expect(update.code, update.output).toBe(0)
    expect(existsSync(fixture.path(OBSOLETE))).toBe(false)
    expect(Object.keys(listing(fixture.path('snapshots'))).sort()).toEqual([FACTS, 'baseline.spec.ts/votes-stay-put-over-3-samples.json'])
  }, TIMEOUT)
})
