import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { BaselineError } from '../errors.ts'
import { checkRelativePath, resolveInside, specKeyOf } from './paths.ts'
import { tempDir as makeTempDir } from '../../test/support/temp-dir.ts'

function tempDir(): string {
  return makeTempDir('butterfly-paths-')
}

describe('specKeyOf', () => {
  it('gives the spec path relative to the root, "/"-separated', () => {
    expect(specKeyOf('/repo/specs', '/repo/specs/model-selection.spec.ts')).toBe('model-selection.spec.ts')
    expect(specKeyOf('/repo', '/repo/specs/a/b.spec.ts')).toBe('specs/a/b.spec.ts')
  })

  it('rejects a spec file outside the root', () => {
    expect(() => specKeyOf('/repo/specs', '/repo/other/x.spec.ts')).toThrow(BaselineError)
    expect(() => specKeyOf('/repo/specs', '/repo/specs')).toThrow(/outside the root/)
  })
})

describe('checkRelativePath', () => {
  it.each([['../x.json'], ['a/../../x.json'], ['/etc/passwd'], ['C:/x.json'], ['a//b.json'], ['./a.json'], ['a\u0000b']])('rejects %j', (path) => {
    expect(() => checkRelativePath(path, 'baseline path')).toThrow(BaselineError)
  })

  it('normalises backslashes and accepts nested relative paths', () => {
    expect(checkRelativePath('a\\b.spec.ts\\t.json', 'x')).toBe('a/b.spec.ts/t.json')
  })
})

describe('resolveInside', () => {
  it('resolves a plain path inside the snapshot directory, also before it exists', () => {
    const dir = tempDir()
    expect(resolveInside(dir, 'a.spec.ts/t.json')).toBe(join(dir, 'a.spec.ts', 't.json'))
    expect(resolveInside(join(dir, 'not-yet'), 'a.spec.ts/t.json')).toBe(join(dir, 'not-yet', 'a.spec.ts', 't.json'))
  })

  it('rejects ".." and absolute paths', () => {
    const dir = tempDir()
    expect(() => resolveInside(dir, '../outside.json')).toThrow(/must stay inside the snapshot directory/)
    expect(() => resolveInside(dir, join(dir, 'x.json'))).toThrow(/is absolute/)
  })

  it('rejects a spec folder that is a symlink pointing outside the snapshot directory', () => {
    const dir = tempDir()
    const outside = tempDir()
    symlinkSync(outside, join(dir, 'evil.spec.ts'))
    expect(() => resolveInside(dir, 'evil.spec.ts/t.json')).toThrow(/symlink that points outside/)
  })

  it('rejects a baseline file that is a symlink, even a dangling one', () => {
    const dir = tempDir()
    const outside = tempDir()
    mkdirSync(join(dir, 'a.spec.ts'))
    writeFileSync(join(outside, 'target.json'), '{}')
    symlinkSync(join(outside, 'target.json'), join(dir, 'a.spec.ts', 't.json'))
    symlinkSync(join(outside, 'missing.json'), join(dir, 'a.spec.ts', 'u.json'))
    expect(() => resolveInside(dir, 'a.spec.ts/t.json')).toThrow(BaselineError)
    expect(() => resolveInside(dir, 'a.spec.ts/u.json')).toThrow(/dangling symlink/)
  })

  it('allows a snapshot directory that is itself a symlink', () => {
    const real = tempDir()
    const link = join(tempDir(), 'snapshots')
    symlinkSync(real, link)
    expect(resolveInside(link, 'a.spec.ts/t.json')).toBe(join(link, 'a.spec.ts', 't.json'))
  })
})
