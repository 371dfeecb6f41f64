import { mkdir, readdir, symlink, utimes, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../../test/support/temp-dir.ts'
import { removeStaleTempFiles } from './stale-temps.ts'

async function file(path: string, ageMs: number): Promise<void> {
  await writeFile(path, 'x')
  const t = new Date(Date.now() - ageMs)
  await utimes(path, t, t)
}

describe('removeStaleTempFiles', () => {
  it('removes temp files older than the limit, keeps fresh ones, other files and symlinks', async () => {
    const dir = tempDir('butterfly-stale-')
    const outside = tempDir('butterfly-stale-outside-')
    await mkdir(join(dir, 'sub'))
    await file(join(dir, 'a.json.1.aa.tmp'), 2 * 3_600_000)
    await file(join(dir, 'b.json.2.bb.tmp'), 1_000)
    await file(join(dir, 'c.json'), 5 * 3_600_000)
    await file(join(dir, 'sub', 'd.json.3.cc.tmp'), 2 * 3_600_000)
    await file(join(outside, 'e.tmp'), 2 * 3_600_000)
    await symlink(join(outside, 'e.tmp'), join(dir, 'link.tmp'))
    expect(await removeStaleTempFiles(dir)).toEqual([join(dir, 'a.json.1.aa.tmp')])
    expect(await removeStaleTempFiles(dir, { recursive: true })).toEqual([join(dir, 'sub', 'd.json.3.cc.tmp')])
    expect((await readdir(dir)).sort()).toEqual(['b.json.2.bb.tmp', 'c.json', 'link.tmp', 'sub'])
    expect(await readdir(outside)).toEqual(['e.tmp'])
  })

  it('takes another age and name rule (e.g. leases not renewed for a minute), and a missing folder has none', async () => {
    const dir = tempDir('butterfly-stale-')
    await file(join(dir, 'k.lease'), 120_000)
    await file(join(dir, 'k.entry'), 120_000)
    expect(await removeStaleTempFiles(dir, { olderThanMs: 60_000, match: (n) => n.endsWith('.lease') })).toEqual([join(dir, 'k.lease')])
    expect(await removeStaleTempFiles(join(dir, 'missing'))).toEqual([])
  })
})
