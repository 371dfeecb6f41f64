import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ButterflyReport } from '../../src/report/model.ts'
import type { RunRecord, StabilityRecord } from '../../src/report/record.ts'
import { copyFixture } from './fixture-project.ts'
import type { CommandResult, FixtureProject } from './fixture-project.ts'

// Measurements made inside tests and put into the report with report(): a
// checkStability() verdict under a real shift (unstable: p far below α), one
// under a changed random stream, a run() and a sweep() judged in place.
const REPORTED_SPEC = `import { expect, it } from 'vitest'
import { checkStability, metrics, perturb, run, sweep } from 'vitest-butterfly'
import { report } from 'vitest-butterfly/vitest'
import { pipeline } from '../pipeline.ts'

it('reports a checkStability() verdict under a real shift', async () => {
  const verdict = await checkStability(pipeline, perturb.swap('gen.shift', 2), { stage: 'measure', metric: metrics.numeric(), tolerance: 0, repeats: 40 })
  expect(verdict).toMatchObject({ outcome: 'unstable', pipeline: 'fixture-measure', stage: 'measure' })
  const record = await report(verdict)
  expect(record).toMatchObject({ kind: 'stability', reported: true, outcome: 'unstable', pass: false })
})

it('reports a checkStability() verdict under a changed random stream', async () => {
  await report(await checkStability(pipeline, perturb.swap('gen.stream', 1), { stage: 'measure', metric: metrics.numeric(), tolerance: 0, repeats: 10 }))
})

it('reports one run()', async () => {
  const record = await report(await run(pipeline))
  expect(record).toMatchObject({ kind: 'run', status: 'passed', reported: true })
})

it('reports a sweep() judged in place', async () => {
  const result = await sweep(pipeline, { perturbations: [perturb.swap('gen.shift', 2)], repeats: 10 })
  await report(result, { stage: 'measure', metric: metrics.numeric(), tolerance: 0 })
})
`

const records = (report: ButterflyReport, file: string) => report.tests.filter((t) => t.file === file).flatMap((t) => t.records)

describe('report() in a real Vitest run: checkStability() verdicts, run() and sweep() results', () => {
  let project: FixtureProject
  let alone: CommandResult
  let aloneReport: ButterflyReport

  beforeAll(async () => {
    project = copyFixture('family')
    project.write('specs/reported.spec.ts', REPORTED_SPEC)
    alone = await project.vitest(['run', 'specs/reported.spec.ts'])
    aloneReport = JSON.parse(project.read('butterfly-report.json')) as ButterflyReport
  })
  afterAll(() => project?.remove())

  it('puts each into the JSON, Markdown, HTML and console reports, and fails no test', () => {
    expect(alone.code).toBe(0)
    expect(alone.output).toMatch(/Tests\s+4 passed \(4\)/)
    const [shift, stream, once, swept] = records(aloneReport, 'specs/reported.spec.ts') as [StabilityRecord, StabilityRecord, RunRecord, StabilityRecord]
    expect(shift).toMatchObject({ kind: 'stability', reported: true, pipeline: 'fixture-measure', stage: 'measure', perturbations: ['swap(gen.shift → 2)'], outcome: 'unstable', repeats: 40 })
    expect(shift.pValue).toBeLessThan(0.001)
    // The verdict keeps its sweep: the report draws its drift per variant and ripple.
    expect(shift.variants[0]!.values).toHaveLength(40)
    expect(shift.ripple.map((r) => r.stage)).toEqual(['measure'])
    expect(shift.execution.runs).toBe(80)
    expect(stream).toMatchObject({ kind: 'stability', reported: true, repeats: 10 })
    expect(once).toMatchObject({ kind: 'run', pipeline: 'fixture-measure', status: 'passed', stages: [{ stage: 'measure', modelCalls: 0 }], reported: true })
    expect(once.stages[0]!.hash).toMatch(/^[0-9a-f]+$/)
    expect(swept).toMatchObject({ kind: 'stability', reported: true, outcome: 'unstable' })
    expect(aloneReport.summary).toMatchObject({ failed: 0, passed: 4 })
    // Adjusted among themselves (3 verdicts with a p-value), not as invariants.
    expect(aloneReport.summary.multipleComparisons).toMatchObject({ method: 'holm', family: 0, failures: [], reported: { family: 3 } })
    expect(shift.suite).toMatchObject({ method: 'holm', family: 3, scope: 'reported', outcome: 'unstable' })

    const markdown = project.read('butterfly-report.md')
    expect(markdown).toContain('Reported with `report()` (a measurement: fails no test; adjusted with the other reported measurements, not the invariants)')
    expect(markdown).toContain('reports one run(): run of "fixture-measure" passed · sample 0 · stages: ')
    expect(markdown).toMatch(/Holm over 3 reported measurements \(apart; never fail the run\)/)
    expect(markdown).toContain('4 assertions (4 reported with report())')
    const html = project.read('butterfly-report.html')
    expect(html).toContain('unstable (reported)')
    expect(html).toContain('run passed (reported)')
    expect(html).toContain('one pipeline run')
    expect(html).toContain('4 invariants (4 reported with report())')
    expect(alone.output).toContain('! reported · measure · numeric · UNSTABLE')
    expect(alone.output).toContain('✓ reported · run of "fixture-measure" passed')
  })

  it('leaves the asserted invariants\' family and the exit code as they are without the measurements', async () => {
    const effectAlone = await project.vitest(['run', 'specs/effect.spec.ts'])
    const effectReport = JSON.parse(project.read('butterfly-report.json')) as ButterflyReport
    const both = await project.vitest(['run', 'specs/effect.spec.ts', 'specs/reported.spec.ts'])
    const bothReport = JSON.parse(project.read('butterfly-report.json')) as ButterflyReport
    expect(both.code).toBe(effectAlone.code)
    const { reported: _, ...family } = bothReport.summary.multipleComparisons
    expect(family).toEqual(effectReport.summary.multipleComparisons)
    expect(records(bothReport, 'specs/effect.spec.ts')).toEqual(records(effectReport, 'specs/effect.spec.ts'))
    expect(bothReport.summary.multipleComparisons.reported).toMatchObject({ family: 3 })
  })
})
