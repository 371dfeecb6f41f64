import { existsSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../../test/support/temp-dir.ts'
import { removeStaleTemps } from './stale-temps.ts'

describe('removeStaleTemps', () => {
  it('removes only the temporary files of atomic writes older than the limit, in subfolders too', async () => {
    const dir = tempDir('butterfly-temps-')
    mkdirSync(join(dir, 'a', 'b'), { recursive: true })
    const old = new Date(Date.now() - 2 * 3_600_000)
    const files = {
      oldTemp: 'a/b/x.json.123.a1b2c3.tmp',
      newTemp: 'a/y.json.123.d4e5f6.tmp',
      oldOther: 'a/notes.tmp',
      oldEntry: 'a/b/x.json',
    }
    for (const f of Object.values(files)) writeFileSync(join(dir, f), '')
    for (const f of [files.oldTemp, files.oldOther, files.oldEntry]) utimesSync(join(dir, f), old, old)
    expect(await removeStaleTemps(dir)).toBe(1)
    expect(Object.fromEntries(Object.entries(files).map(([k, f]) => [k, existsSync(join(dir, f))]))).toEqual({ oldTemp: false, newTemp: true, oldOther: true, oldEntry: true })
    expect(await removeStaleTemps(join(dir, 'missing'))).toBe(0)
  })
})
