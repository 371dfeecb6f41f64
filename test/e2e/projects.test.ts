import { existsSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ButterflyReport } from '../../src/report/model.ts'
import { copyFixture } from './fixture-project.ts'
import type { FixtureProject } from './fixture-project.ts'

// test/e2e/fixtures/projects has this repository's layout: a `unit` project
// without the plugin and a `stability` project with butterfly({ obsolete: 'fail' }).
describe('the plugin in one project of several, and obsolete baselines', () => {
  let project: FixtureProject
  const oldFile = 'snapshots/facts.spec.ts/facts-match-the-reviewed-baseline.json'
  const newFile = 'snapshots/facts.spec.ts/facts-still-match-the-baseline.json'
  beforeAll(() => {
    project = copyFixture('projects')
  })
  afterAll(() => project?.remove())

  it('runs both projects with the default reporter and reports only the butterfly assertions', async () => {
    const run = await project.vitest(['run'])
    expect(run.code).toBe(0)
    expect(run.output).toMatch(/✓ \|stability\| specs\/facts\.spec\.ts \(1 test\)/)
    expect(run.output).toMatch(/✓ \|unit\| unit\/plain\.test\.ts \(1 test\)/)
    expect(run.output).toContain('[stability] specs/facts.spec.ts > facts match the reviewed baseline')
    expect(run.output).toContain(' butterfly 1 assertion in 1 test')
    // Baselines are named relative to the project's include base (specs/), as in the example.
    expect(existsSync(project.path(oldFile))).toBe(true)
    const report = JSON.parse(project.read('butterfly-report.json')) as ButterflyReport
    expect(report.tests.map((t) => [t.project, t.file, t.records[0]?.kind])).toEqual([['stability', 'specs/facts.spec.ts', 'baseline']])
  })

  it('lists a baseline no test checks any more, fails on it in CI with obsolete: "fail", and -u removes it', async () => {
    project.edit('specs/facts.spec.ts', "it('facts match the reviewed baseline'", "it('facts still match the baseline'")
    const local = await project.vitest(['run'])
    expect(local.code).toBe(0)
    expect(local.output).toContain('Obsolete    1 baseline file no test checks any more (vitest -u removes them):')
    expect(local.output).toContain(oldFile)
    expect((JSON.parse(project.read('butterfly-report.json')) as ButterflyReport).obsolete).toEqual([oldFile])

    const ci = await project.vitest(['run'], { CI: 'true' })
    expect(ci.code).toBe(1)
    expect(ci.output).toMatch(/Tests\s+2 passed \(2\)/)
    expect(ci.output).toContain("1 obsolete baseline file(s), and obsolete: 'fail' fails the run")
    expect(existsSync(project.path(oldFile))).toBe(true)

    const update = await project.vitest(['run', '-u'])
    expect(update.code).toBe(0)
    expect(update.output).toMatch(/Removed +1 obsolete baseline file \(-u\):/)
    expect(update.output).toContain(oldFile)
    expect((JSON.parse(project.read('butterfly-report.json')) as ButterflyReport).removed).toEqual([oldFile])
    expect(existsSync(project.path(oldFile))).toBe(false)
    expect(existsSync(project.path(newFile))).toBe(true)
    expect((JSON.parse(project.read('butterfly-report.json')) as ButterflyReport).obsolete).toEqual([])
  })
})
