import { existsSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { findObsoleteBaselines, removeObsoleteBaselines } from './obsolete.ts'
import { tempDir } from '../../test/support/temp-dir.ts'

function project(files: string[]): { root: string; dir: string } {
  const root = tempDir('butterfly-obsolete-')
  const dir = join(root, 'snapshots')
  for (const f of files) {
    mkdirSync(dirname(join(dir, f)), { recursive: true })
    writeFileSync(join(dir, f), '{}')
  }
  return { root, dir }
}

describe('findObsoleteBaselines', () => {
  it('lists files of fully-run spec files that no test touched, sorted', () => {
    const { dir } = project(['a.spec.ts/kept.json', 'a.spec.ts/renamed.json', 'a.spec.ts/old~2.json', 'b.spec.ts/x.json', 'nested/c.spec.ts/y.json'])
    const obsolete = findObsoleteBaselines({ snapshotDir: dir, touched: ['a.spec.ts/kept.json', 'nested/c.spec.ts/y.json'], specFiles: ['a.spec.ts', 'nested/c.spec.ts'] })
    expect(obsolete).toEqual(['a.spec.ts/old~2.json', 'a.spec.ts/renamed.json'])
  })

  it('treats an outputs file as part of its baseline: kept with it, obsolete with it or without it', () => {
    const { dir } = project(['a.spec.ts/kept.json', 'a.spec.ts/kept~outputs.json', 'a.spec.ts/old.json', 'a.spec.ts/old~outputs.json', 'a.spec.ts/orphan~outputs.json'])
    const obsolete = findObsoleteBaselines({ snapshotDir: dir, touched: ['a.spec.ts/kept.json'], specFiles: ['a.spec.ts'] })
    expect(obsolete).toEqual(['a.spec.ts/old.json', 'a.spec.ts/old~outputs.json', 'a.spec.ts/orphan~outputs.json'])
  })

  it('lists a latency baseline no test touched, and keeps a touched one', () => {
    const { dir } = project(['a.spec.ts/fast.latency', 'a.spec.ts/fast~2.latency', 'a.spec.ts/renamed.latency', 'a.spec.ts/x.json', 'a.spec.ts/fast.latency.1.abc.tmp'])
    const obsolete = findObsoleteBaselines({ snapshotDir: dir, touched: ['a.spec.ts/fast.latency', 'a.spec.ts/fast~2.latency', 'a.spec.ts/x.json'], specFiles: ['a.spec.ts'] })
    expect(obsolete).toEqual(['a.spec.ts/renamed.latency'])
    expect(removeObsoleteBaselines(dir, obsolete)).toEqual(['a.spec.ts/renamed.latency'])
    expect(readdirSync(join(dir, 'a.spec.ts')).sort()).toEqual(['fast.latency', 'fast.latency.1.abc.tmp', 'fast~2.latency', 'x.json'])
  })

  it('does not judge spec files that did not run fully (filtered with -t, or not run)', () => {
    const { dir } = project(['a.spec.ts/x.json', 'b.spec.ts/y.json'])
    expect(findObsoleteBaselines({ snapshotDir: dir, touched: [], specFiles: [] })).toEqual([])
  })

  it('with a root, lists baselines of spec files that no longer exist', () => {
    const { root, dir } = project(['specs/gone.spec.ts/x.json', 'specs/here.spec.ts/y.json'])
    mkdirSync(join(root, 'specs'))
    writeFileSync(join(root, 'specs', 'here.spec.ts'), '')
    expect(findObsoleteBaselines({ snapshotDir: dir, touched: [], specFiles: [], root })).toEqual(['specs/gone.spec.ts/x.json'])
  })

  it('ignores non-JSON files, files directly in the snapshot directory, and symlinked folders', () => {
    const { dir } = project(['a.spec.ts/x.json.123.tmp', 'README.json', 'a.spec.ts/x.json'])
    const outside = project(['z.json']).dir
    symlinkSync(outside, join(dir, 'a.spec.ts', 'link'))
    expect(findObsoleteBaselines({ snapshotDir: dir, touched: [], specFiles: ['a.spec.ts'] })).toEqual(['a.spec.ts/x.json'])
  })

  it('returns nothing when the snapshot directory does not exist', () => {
    expect(findObsoleteBaselines({ snapshotDir: join(tmpdir(), 'no-such-butterfly-dir'), touched: [], specFiles: ['a.spec.ts'] })).toEqual([])
  })
})

describe('removeObsoleteBaselines', () => {
  it('removes the files and the spec folders they leave empty, not the snapshot directory', () => {
    const { dir } = project(['a.spec.ts/old.json', 'b.spec.ts/old.json', 'b.spec.ts/kept.json'])
    expect(removeObsoleteBaselines(dir, ['a.spec.ts/old.json', 'b.spec.ts/old.json'])).toEqual(['a.spec.ts/old.json', 'b.spec.ts/old.json'])
    expect(existsSync(join(dir, 'a.spec.ts'))).toBe(false)
    expect(readdirSync(join(dir, 'b.spec.ts'))).toEqual(['kept.json'])
    expect(existsSync(dir)).toBe(true)
  })

  it('refuses paths outside the snapshot directory', () => {
    const { root, dir } = project(['a.spec.ts/x.json'])
    writeFileSync(join(root, 'precious.json'), '{}')
    expect(() => removeObsoleteBaselines(dir, ['../precious.json'])).toThrow(/must stay inside/)
    expect(existsSync(join(root, 'precious.json'))).toBe(true)
  })
})
