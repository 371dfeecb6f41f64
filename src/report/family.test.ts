import { describe, expect, it } from 'vitest'
import { applyFamily, stabilityPasses } from './family.ts'
import { buildReport } from './model.ts'
import type { ReportTest } from './model.ts'
import type { StabilityRecord } from './record.ts'

// Only the fields the family reads; the rest of a record does not matter here.
function record(outcome: StabilityRecord['outcome'], pValue: number, extra: Partial<StabilityRecord> = {}): StabilityRecord {
  const negated = extra.negated ?? false
  const execution = { runs: 0, executed: 0, cached: 0, failed: 0, skipped: 0, modelCalls: 0 }
  const base = { kind: 'stability', outcome, pValue, alpha: 0.05, negated, onInconclusive: 'pass', onVacuous: 'pass', execution, ...extra } as StabilityRecord
  // What the matcher recorded in the worker: a raw `unstable` outside `.not` and `.fails` was left to the family (passed).
  return { ...base, pass: extra.pass ?? (outcome === 'unstable' && !negated ? true : stabilityPasses(outcome, base)) }
}
const test = (name: string, records: StabilityRecord[], extra: Partial<ReportTest> = {}): ReportTest => ({ file: 'specs/a.spec.ts', name: [name], state: 'passed', records, ...extra })

describe('stabilityPasses', () => {
  it('fails on unstable, follows onInconclusive / onVacuous, and .not asserts unstable', () => {
    const r = { negated: false, onInconclusive: 'pass', onVacuous: 'fail' } as const
    expect(['stable', 'unstable', 'inconclusive', 'vacuous'].map((o) => stabilityPasses(o as never, r))).toEqual([true, false, true, false])
    expect(stabilityPasses('inconclusive', { ...r, onInconclusive: 'fail' })).toBe(false)
    expect(['stable', 'unstable', 'inconclusive'].map((o) => stabilityPasses(o as never, { ...r, negated: true }))).toEqual([true, false, true])
  })
})

describe('applyFamily', () => {
  it('report() measurements are adjusted among themselves: they neither weaken the invariants\' family nor fail the run', () => {
    const asserted = [test('real effect', [record('unstable', 0.02)]), test('quiet', [record('stable', 0.5)])]
    // Ten exploratory measurements with small p-values: in the invariants' family they would make Holm turn 0.02 into 0.24.
    const reported = Array.from({ length: 10 }, (_, i) => test(`explore ${i}`, [record('unstable', 0.001 * (i + 1), { reported: true, pass: false })]))
    const { tests: judged, summary } = applyFamily([...asserted, ...reported], 'holm')
    // Holm over the two invariants: 0.02 · 2 = 0.04 ≤ 0.05, as without the measurements.
    expect(summary).toMatchObject({ family: 2, unstableRaw: 1, unstable: 1, failures: ['specs/a.spec.ts > real effect'], reported: { family: 10, unstableRaw: 10 } })
    expect(judged[0]!.records[0]).toMatchObject({ suite: { family: 2, adjustedPValue: expect.closeTo(0.04, 12), outcome: 'unstable' } })
    // Holm over the ten: 0.001·10, 0.002·9, ... 0.005·6 = 0.03, 0.006·5 = 0.03, 0.007·4 = 0.028 (monotone: 0.03), ... all ≤ 0.05.
    const first = judged[2]!.records[0] as StabilityRecord
    expect(first.suite).toEqual({ method: 'holm', family: 10, adjustedPValue: expect.closeTo(0.01, 12), outcome: 'unstable', scope: 'reported' })
    // A measurement that does not hold is not a failure of its test, before or after the adjustment.
    expect(judged.slice(2).every((t) => !t.familyFailure)).toBe(true)
    expect(buildReport(reported, [], { multipleComparisons: 'holm' }).summary).toMatchObject({ failed: 0, passed: 10, multipleComparisons: { family: 0, failures: [] } })
  })

  it('Holm over 25 invariants: one raw p of 0.01 among no-effect ones is inconclusive, a p of 0.0001 stays unstable and fails the run', () => {
    const tests = [
      test('noise alarm', [record('unstable', 0.01)]),
      test('real effect', [record('unstable', 0.0001)]),
      ...Array.from({ length: 23 }, (_, i) => test(`quiet ${i}`, [record('stable', 0.2 + i * 0.03)])),
    ]
    const { tests: judged, summary } = applyFamily(tests, 'holm')
    expect(summary).toMatchObject({ method: 'holm', family: 25, unstableRaw: 2, unstable: 1, failures: ['specs/a.spec.ts > real effect'] })
    const noise = judged[0]!.records[0] as StabilityRecord
    // Holm: 0.0001·25, then 0.01·24 = 0.24.
    expect(noise.suite).toEqual({ method: 'holm', family: 25, adjustedPValue: expect.closeTo(0.24, 12), outcome: 'inconclusive' })
    expect(noise.pass).toBe(true)
    expect(judged[1]!.records[0]).toMatchObject({ pass: false, suite: { adjustedPValue: expect.closeTo(0.0025, 12), outcome: 'unstable' } })
    expect(judged[1]!.familyFailure).toBe(true)
    expect(judged[0]!.familyFailure).toBeUndefined()
  })

  it("'none' keeps every raw verdict: the raw alarm fails the run", () => {
    const { summary } = applyFamily([test('noise alarm', [record('unstable', 0.01)]), test('quiet', [record('stable', 0.5)])], 'none')
    expect(summary).toMatchObject({ unstableRaw: 1, unstable: 1, failures: ['specs/a.spec.ts > noise alarm'] })
  })

  it('BH rejects more than Holm at the same α', () => {
    const p = [0.001, 0.008, 0.039, 0.041, 0.042, 0.06, 0.074, 0.205]
    const tests = p.map((x, i) => test(`t${i}`, [record(x <= 0.05 ? 'unstable' : 'inconclusive', x)]))
    expect(applyFamily(tests, 'holm').summary.unstable).toBe(1)
    expect(applyFamily(tests, 'bh').summary.unstable).toBe(2)
    const dense = [0.01, 0.02, 0.03, 0.04, 0.045].map((x, i) => test(`d${i}`, [record('unstable', x)]))
    expect(applyFamily(dense, 'holm').summary.unstable).toBe(1)
    expect(applyFamily(dense, 'bh').summary.unstable).toBe(5)
  })

  it('.not claims an instability: one that does not survive the adjustment fails the run', () => {
    const claimed = test('claims an effect', [record('unstable', 0.02, { negated: true, pass: false })])
    const quiet = Array.from({ length: 9 }, (_, i) => test(`q${i}`, [record('stable', 0.5)]))
    const { tests: judged, summary } = applyFamily([claimed, ...quiet], 'holm')
    expect(judged[0]!.records[0]).toMatchObject({ pass: true, suite: { outcome: 'inconclusive' } })
    expect(summary.failures).toEqual(['specs/a.spec.ts > claims an effect'])
  })

  it('a .fails test whose only failure the adjustment clears caught nothing: the run fails', () => {
    const caught = test('known instability', [record('unstable', 0.03, { pass: false })], { expectedFailure: true })
    const real = test('known real instability', [record('unstable', 0.0001, { pass: false })], { expectedFailure: true })
    const quiet = Array.from({ length: 8 }, (_, i) => test(`q${i}`, [record('stable', 0.5)]))
    const { summary } = applyFamily([caught, real, ...quiet], 'holm')
    expect(summary.failures).toEqual(['specs/a.spec.ts > known instability'])
  })

  it('leaves out skipped tests and vacuous records, and is idempotent through buildReport', () => {
    const tests = [
      test('a', [record('unstable', 0.0001)]),
      test('skipped', [record('unstable', 0.0001)], { state: 'skipped' }),
      test('empty', [record('vacuous', 1)]),
    ]
    const report = buildReport(tests, [], { multipleComparisons: 'holm' })
    expect(report.summary.multipleComparisons).toMatchObject({ family: 1, unstable: 1, failures: ['specs/a.spec.ts > a'] })
    expect(report.summary.failed).toBe(1)
    const again = buildReport(report.tests, [], { multipleComparisons: 'holm' })
    expect(again.summary.multipleComparisons).toEqual(report.summary.multipleComparisons)
  })
})
