import { createHash } from 'node:crypto'
import { mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { local } from './local.ts'
import { modelFileDigest } from './model-file-digest.ts'

let dir: string | undefined
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true })
  dir = undefined
})

describe('modelFileDigest', () => {
  it('is the SHA-256 of the bytes, and follows a replaced file with the same name', async () => {
    dir = await mkdtemp(join(tmpdir(), 'butterfly-digest-'))
    const path = join(dir, 'model.gguf')
    await writeFile(path, 'first model')
    expect(modelFileDigest(path)).toBe(createHash('sha256').update('first model').digest('hex'))
    await writeFile(path, 'second model, other bytes')
    // A replaced file has another size or modification time; force the time too.
    await utimes(path, new Date(), new Date(Date.now() + 5000))
    expect(modelFileDigest(path)).toBe(createHash('sha256').update('second model, other bytes').digest('hex'))
  })

  it('is undefined for a missing file', () => {
    expect(modelFileDigest('/nonexistent/model.gguf')).toBeUndefined()
  })

  it("keys local(): two files with one name are two identities; the identity names no path", async () => {
    dir = await mkdtemp(join(tmpdir(), 'butterfly-digest-'))
    await writeFile(join(dir, 'a.gguf'), 'weights A')
    await writeFile(join(dir, 'b.gguf'), 'weights B')
    const a = local({ model: join(dir, 'a.gguf') }).identity ?? {}
    await writeFile(join(dir, 'a.gguf'), await readFile(join(dir, 'b.gguf')))
    await utimes(join(dir, 'a.gguf'), new Date(), new Date(Date.now() + 5000))
    const replaced = local({ model: join(dir, 'a.gguf') }).identity ?? {}
    expect(a.file).toBe('a.gguf')
    expect(replaced.file).toBe('a.gguf')
    expect(replaced.sha256).not.toBe(a.sha256)
    expect(JSON.stringify(replaced)).not.toContain(dir)
    expect(local({ model: join(dir, 'missing.gguf') }).identity).toEqual({ file: 'missing.gguf' })
  })
})
