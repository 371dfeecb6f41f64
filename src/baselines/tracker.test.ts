import { readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { defineMetric } from '../metrics/metric.ts'
import { checkBaseline } from './check.ts'
import { nameHash } from './slug.ts'
import { createBaselineTracker } from './tracker.ts'
import { tempDir } from '../../test/support/temp-dir.ts'

const same = defineMetric({ name: 'exact', describe: 'equal or not', compute: (a: unknown, b: unknown) => (JSON.stringify(a) === JSON.stringify(b) ? 0 : 1) })
const snapshots = (): string => join(tempDir('butterfly-tracker-'), 'snapshots')

function check(dir: string, test: string[], output: string, tracker = createBaselineTracker()): string {
  const result = checkBaseline({ snapshotDir: dir, specFile: 'a.spec.ts', test, pipeline: 'p', params: {}, outputs: { s: [output] }, metric: same, update: 'new', tracker })
  expect(result.status === 'written' || result.status === 'matched').toBe(true)
  return result.relativeFile
}

describe('createBaselineTracker', () => {
  it('gives two tests whose names slug alike different files, the second one a hash of its name', () => {
    const dir = snapshots()
    const tracker = createBaselineTracker()
    expect(check(dir, ['Facts!'], 'one', tracker)).toBe('a.spec.ts/facts.json')
    expect(check(dir, ['facts'], 'two', tracker)).toBe(`a.spec.ts/facts~${nameHash(['facts'])}.json`)
    expect(JSON.parse(readFileSync(join(dir, 'a.spec.ts/facts.json'), 'utf8'))).toMatchObject({ test: ['Facts!'], stages: { s: { output: 'one' } } })
  })

  it('is deterministic across runs and filters: the plain file belongs to the test recorded in it', () => {
    const dir = snapshots()
    const first = createBaselineTracker()
    check(dir, ['Facts!'], 'one', first)
    const hashed = check(dir, ['facts'], 'two', first)
    // A later run that only runs the second test (e.g. -t facts) finds its own file, not the other's.
    expect(check(dir, ['facts'], 'two', createBaselineTracker())).toBe(hashed)
    // The same when the two run in the other order.
    const reversed = createBaselineTracker()
    expect(check(dir, ['facts'], 'two', reversed)).toBe(hashed)
    expect(check(dir, ['Facts!'], 'one', reversed)).toBe('a.spec.ts/facts.json')
  })

  it('gives the same test the same file on every claim, and records every touched file', () => {
    const dir = snapshots()
    const tracker = createBaselineTracker()
    const a = tracker.claim(dir, 'a.spec.ts', ['d', 't'])
    expect(tracker.claim(dir, 'a.spec.ts', ['d', 't'])).toBe(a)
    expect(a).toBe('a.spec.ts/d__t.json')
    tracker.claim(dir, 'b/c.spec.ts', ['t'], 3)
    expect([...tracker.touched]).toEqual(['a.spec.ts/d__t.json', 'b/c.spec.ts/t~3.json'])
  })

  it('hands the read it made while claiming to the check once, and only while the file is unchanged', () => {
    const dir = snapshots()
    check(dir, ['facts'], 'one')
    const path = join(dir, 'a.spec.ts/facts.json')
    const tracker = createBaselineTracker()
    tracker.claim(dir, 'a.spec.ts', ['facts'])
    expect(tracker.take!(path)).toMatchObject({ status: 'parsed', data: { test: ['facts'], stages: { s: { output: 'one' } } } })
    expect(tracker.take!(path)).toBeUndefined()
    const other = createBaselineTracker()
    other.claim(dir, 'a.spec.ts', ['facts'])
    // Rewritten between claim and check, same bytes, by temp file + rename (as baselines are written): the read is stale.
    writeFileSync(`${path}.tmp`, readFileSync(path))
    renameSync(`${path}.tmp`, path)
    expect(other.take!(path)).toBeUndefined()
  })

  it('rejects a spec file that would escape the snapshot directory', () => {
    expect(() => createBaselineTracker().claim(snapshots(), '../../x.spec.ts', ['t'])).toThrow(/must stay inside/)
  })
})
