import { rmSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ButterflyReport } from '../../src/report/model.ts'
import type { StabilityRecord } from '../../src/report/record.ts'
import { copyFixture } from './fixture-project.ts'
import type { CommandResult, FixtureProject } from './fixture-project.ts'

// Real Vitest on test/e2e/fixtures/family: specs/no-effect.spec.ts holds 30
// invariants under perturbations that change the random stream and nothing
// else; specs/effect.spec.ts one under a real shift. Each matcher decides in
// its worker; the reporter judges all invariants as one family and sets the
// exit code from the adjusted verdicts.
const stability = (report: ButterflyReport): StabilityRecord[] =>
  report.tests.flatMap((t) => t.records).filter((r): r is StabilityRecord => r.kind === 'stability')

describe('suite-wide error control in a real Vitest run', () => {
  let project: FixtureProject
  let noEffect: CommandResult
  let noEffectReport: ButterflyReport

  beforeAll(async () => {
    project = copyFixture('family')
    noEffect = await project.vitest(['run', 'specs/no-effect.spec.ts'])
    noEffectReport = JSON.parse(project.read('butterfly-report.json')) as ButterflyReport
  })
  afterAll(() => project?.remove())

  it('keeps 30 no-effect invariants green under Holm, although some are unstable at α alone', () => {
    const family = noEffectReport.summary.multipleComparisons
    // The fixture's seeds give false alarms at α = 0.05 alone: what the adjustment is for.
    expect(family.unstableRaw).toBeGreaterThanOrEqual(1)
    expect(family).toMatchObject({ method: 'holm', family: 30, unstable: 0, failures: [] })
    expect(noEffect.code).toBe(0)
    expect(noEffect.output).toMatch(/Tests\s+30 passed \(30\)/)
    const alarms = stability(noEffectReport).filter((r) => r.outcome === 'unstable')
    expect(alarms.length).toBe(family.unstableRaw)
    for (const r of alarms) {
      expect(r.deferred).toBe(true)
      expect(r.pValue).toBeLessThanOrEqual(0.05)
      expect(r.suite).toMatchObject({ method: 'holm', family: 30, outcome: 'inconclusive' })
      expect(r.suite!.adjustedPValue).toBeGreaterThan(0.05)
    }
    expect(noEffect.output).toContain(`Suite-wide  Holm over 30 invariants: ${family.unstableRaw} unstable alone, 0 after the adjustment`)
    expect(noEffect.output).toContain('inconclusive (UNSTABLE alone)')
    const markdown = project.read('butterfly-report.md')
    expect(markdown).toContain(`Suite-wide error control: Holm over 30 invariants: ${family.unstableRaw} unstable alone, 0 after the adjustment`)
    expect(markdown).toMatch(/Holm over 30 invariants: p = 0\.\d+/)
  })

  it("fails the same suite with multipleComparisons: 'none', once per false alarm", async () => {
    const none = await project.vitest(['run', 'specs/no-effect.spec.ts'], { FAMILY_METHOD: 'none' })
    const report = JSON.parse(project.read('butterfly-report.json')) as ButterflyReport
    expect(none.code).toBe(1)
    expect(report.summary.multipleComparisons).toMatchObject({ method: 'none', unstable: noEffectReport.summary.multipleComparisons.unstableRaw })
    expect(report.summary.failed).toBe(noEffectReport.summary.multipleComparisons.unstableRaw)
    expect(none.output).toMatch(new RegExp(`Tests\\s+${report.summary.failed} failed \\| ${30 - report.summary.failed} passed \\(30\\)`))
  })

  it('keeps a real effect red: the run fails with the test named, under Holm and BH', async () => {
    for (const method of ['holm', 'bh'] as const) {
      const run = await project.vitest(['run'], { FAMILY_METHOD: method })
      const report = JSON.parse(project.read('butterfly-report.json')) as ButterflyReport
      expect(run.code).toBe(1)
      expect(report.summary.multipleComparisons).toMatchObject({ method, family: 31, failures: ['specs/effect.spec.ts > the measurement stays put when it is shifted by 2'] })
      const effect = report.tests.find((t) => t.file === 'specs/effect.spec.ts')!
      expect(effect).toMatchObject({ state: 'passed', familyFailure: true })
      expect(effect.records[0]).toMatchObject({ outcome: 'unstable', deferred: true, pass: false, suite: { outcome: 'unstable' } })
      expect(run.output).toContain('butterfly: 1 test(s) fail after the')
      expect(run.output).toContain('  specs/effect.spec.ts > the measurement stays put when it is shifted by 2')
      expect(report.summary.failed).toBe(1)
    }
  })

  it('lets --merge-reports decide a sharded run: the shards pass, the merge fails on the real effect', async () => {
    rmSync(project.path('.vitest-reports'), { recursive: true, force: true })
    rmSync(project.path('butterfly-report.json'), { force: true })
    const shards = await Promise.all([1, 2].map((i) => project.vitest(['run', `--shard=${i}/2`, '--reporter=blob'])))
    expect(shards.map((s) => s.code)).toEqual([0, 0])
    expect(shards.map((s) => s.output).join('\n')).toContain('the --merge-reports run decides')
    const merged = await project.vitest(['run', '--merge-reports'])
    expect(merged.code).toBe(1)
    const report = JSON.parse(project.read('butterfly-report.json')) as ButterflyReport
    expect(report.summary.multipleComparisons).toMatchObject({ family: 31, failures: ['specs/effect.spec.ts > the measurement stays put when it is shifted by 2'] })
  })
})
