import { describe, expect, it } from 'vitest'
import { defineMetric } from '../metrics/metric.ts'
import { checkBaseline } from './check.ts'
import type { CheckBaselineOptions } from './options.ts'
import { formatBaselineResult } from './message.ts'
import { tempDir } from '../../test/support/temp-dir.ts'

const ids = defineMetric({
  name: 'ids',
  describe: 'share of ids changed',
  compute: (a: string[], b: string[]) => a.filter((x) => !b.includes(x)).length / a.length,
  details: (a: string[], b: string[]) => ({ changed: a.filter((x) => !b.includes(x)) }),
})

describe('formatBaselineResult', () => {
  it('explains a drift: file, stage, statistic vs tolerance, CI, noise floor, changed items and the -u hint', () => {
    const dir = tempDir('butterfly-message-')
    const options = (outputs: string[][]): CheckBaselineOptions => ({
      snapshotDir: dir, specFile: 's.spec.ts', test: ['facts'], pipeline: 'p', params: {}, outputs: { facts: outputs }, metric: ids, tolerance: 0.1, update: 'new',
    })
    const letters = 'abcdefghijklmnop'.split('')
    checkBaseline(options([letters, letters]))
    const text = formatBaselineResult(checkBaseline(options([letters.slice(4), letters.slice(1)])))
    expect(text).toMatch(/^baseline s\.spec\.ts\/facts\.json drifted beyond tolerance/)
    expect(text).toMatch(/facts: DRIFTED, max drift 0\.25 > tolerance 0\.1; metric ids \(share of ids changed\)/)
    expect(text).toMatch(/drift from baseline: mean 0\.156, 95% CI \[0\.0625, 0\.25\], max 0\.25 over 2 values/)
    // ids is one-sided (removed from the first): sample 0's ids are all in sample 1.
    expect(text).toMatch(/noise floor \(between this run's samples\): mean 0, 95% CI \[0, 0\], max 0 over 1 value\n/)
    expect(text).toMatch(/changed: a, b, c, d/)
    expect(text).toMatch(/rerun with -u/)
  })

  it('explains a missing baseline in CI', () => {
    const dir = tempDir('butterfly-message-')
    const result = checkBaseline({ snapshotDir: dir, specFile: 's.spec.ts', test: ['t'], pipeline: 'p', params: {}, outputs: { x: [1] }, update: 'none' })
    const text = formatBaselineResult(result)
    expect(text).toMatch(/s\.spec\.ts\/t\.json has no reviewed baseline, and CI/)
    expect(text).toMatch(/x: no baseline yet; metric numeric/)
    expect(text).toMatch(/noise floor .*n\/a \(1 sample\)/)
  })
})
