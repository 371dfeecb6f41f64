import { afterAll, describe, expect, it } from 'vitest'
import type { ButterflyReport } from '../../src/report/model.ts'
import type { BaselineRecord } from '../../src/report/record.ts'
import { copyFixture } from './fixture-project.ts'

const TIMEOUT = 180_000
const fixture = copyFixture('attribution')
afterAll(() => fixture.remove())

const baselineRecord = (): BaselineRecord => {
  const report = JSON.parse(fixture.read('butterfly-report.json')) as ButterflyReport
  return report.tests.flatMap((t) => t.records).find((r): r is BaselineRecord => r.kind === 'baseline')!
}

describe('attribution through real Vitest: only b\'s params change in a → b → c', () => {
  it('the first run writes the baseline with its lineage', async () => {
    const run = await fixture.vitest(['run'])
    expect(run.code, run.output).toBe(0)
    const file = JSON.parse(fixture.read('snapshots/abc.spec.ts/c-matches-its-reviewed-baseline.json')) as { version: number; lineage: Record<string, unknown> }
    expect(file.version).toBe(3)
    expect(Object.keys(file.lineage)).toEqual(['a', 'b', 'c'])
    expect(baselineRecord().attribution).toBeUndefined()
  }, TIMEOUT)

  it('a run with b changed fails, names b as where the change lives and c as passing it on, in the message and the JSON report', async () => {
    const run = await fixture.vitest(['run'], { B_SCALE: '3' })
    expect(run.code).toBe(1)
    expect(run.output).toContain('the change lives in "b"')
    expect(run.output).toContain('passed on by: c')
    const attribution = baselineRecord().attribution!
    expect(attribution.map((a) => [a.stage, a.status])).toEqual([['a', 'within'], ['b', 'source'], ['c', 'passed-on']])
    expect(attribution.find((a) => a.stage === 'a')).toMatchObject({ own: 0, total: 0 })
    expect(attribution.find((a) => a.stage === 'c')).toMatchObject({ own: 0, total: 10, executed: 0 })
    expect(attribution.find((a) => a.stage === 'b')!.own).toBeGreaterThan(0)
    expect(fixture.read('butterfly-report.md')).toContain('Attribution: the change lives in `b`; passed on by `c`.')
  }, TIMEOUT)
})
