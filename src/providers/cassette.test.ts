import { mkdir, readFile, readdir, symlink, utimes, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CassetteError } from '../errors.ts'
import { canonicalRequest, requestDigest } from './canonical.ts'
import { createCassetteStore } from './cassette.ts'
import type { CassetteEntry } from './cassette.ts'
import { tempDir as makeTempDir } from '../../test/support/temp-dir.ts'

const request = canonicalRequest({ kind: 'openai', network: true }, 'complete', { model: 'gpt-x', prompt: 'Hi', seed: 1, temperature: 0.5 }, 0, 0)
const entry = (): CassetteEntry => ({
  digest: requestDigest(request),
  request,
  response: { text: ' there', usage: { promptTokens: 1, completionTokens: 2 }, finishReason: 'stop', model: 'gpt-x' },
})
const tempDir = async (): Promise<string> => makeTempDir('butterfly-cassette-')

describe('cassette store', () => {
  it('writes one pretty JSON file per request under <dir>/<pipeline>/<digest>.json and reads it back', async () => {
    const dir = await tempDir()
    const store = createCassetteStore({ dir })
    const e = entry()
    expect(await store.read('p', e.digest)).toBeUndefined()
    expect(await store.write('p', e)).toEqual(e.response)
    expect(await readdir(join(dir, 'p'))).toEqual([`${e.digest}.json`])
    const text = await readFile(store.fileOf('p', e.digest), 'utf8')
    expect(text).toContain('\n  "digest": ')
    expect(await store.read('p', e.digest)).toEqual(e.response)
  })

  it('a corrupt file, a hand edit or a misnamed file is a CassetteError naming the file', async () => {
    const dir = await tempDir()
    const store = createCassetteStore({ dir })
    const e = entry()
    await store.write('p', e)
    const file = store.fileOf('p', e.digest)
    const good = await readFile(file, 'utf8')

    await writeFile(file, good.slice(0, 40))
    await expect(store.read('p', e.digest)).rejects.toThrow(CassetteError)
    await expect(store.read('p', e.digest)).rejects.toThrow(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} is not valid JSON`))

    await writeFile(file, good.replace('" there"', '" edited"'))
    await expect(store.read('p', e.digest)).rejects.toThrow(/does not match its checksum \(edited by hand or damaged\)/)

    await writeFile(file, good.replace('"text": " there"', '"text": 42'))
    await expect(store.read('p', e.digest)).rejects.toThrow(/has a response that has no text/)

    const other = 'f'.repeat(64)
    await writeFile(store.fileOf('p', other), good)
    await expect(store.read('p', other)).rejects.toThrow(/is named after ffffffffffff/)
  })

  it('drops credential-like fields and applies the sanitize hook before writing; the written response is what is returned', async () => {
    const dir = await tempDir()
    const store = createCassetteStore({
      dir,
      sanitize: (x) => ({ ...x, response: { ...x.response, text: x.response.text.replace('secret-name', '[name]') } }),
    })
    const e = entry()
    e.request = { ...e.request, request: { ...e.request.request, api_key: 'sk-leak', extra: { Authorization: 'Bearer sk-leak', keep: 1 } } }
    e.response = { ...e.response, text: 'hello secret-name' }
    expect((await store.write('p', e)).text).toBe('hello [name]')
    const text = await readFile(store.fileOf('p', e.digest), 'utf8')
    expect(text).not.toContain('sk-leak')
    expect(text).not.toContain('secret-name')
    expect(text).toContain('"keep": 1')
    expect((await store.read('p', e.digest))?.text).toBe('hello [name]')
  })

  it('follows no symlink out of the cassette directory: a symlinked file is refused without quoting it, a symlinked folder never receives a write', async () => {
    const dir = await tempDir()
    const outside = await tempDir()
    const store = createCassetteStore({ dir })
    const e = entry()
    await writeFile(join(outside, 'private.txt'), 'PRIVATE-FIRST-BYTES of a file outside')
    await mkdir(join(dir, 'p'))
    await symlink(join(outside, 'private.txt'), store.fileOf('p', e.digest))
    const error = await store.read('p', e.digest).catch((x: unknown) => x)
    expect(error).toBeInstanceOf(CassetteError)
    expect((error as Error).message).toMatch(/cassette path "p\/[0-9a-f]{64}\.json" (is a symlink|goes through a symlink that points outside it)/)
    expect((error as Error).message).not.toContain('PRIVATE')

    await symlink(outside, join(dir, 'q'))
    await expect(store.write('q', e)).rejects.toThrow(/goes through a symlink that points outside it/)
    await expect(store.read('q', e.digest)).rejects.toThrow(CassetteError)
    expect(await readdir(outside)).toEqual(['private.txt'])
  })

  it('refuses an entry larger than the response limit instead of writing it', async () => {
    const dir = await tempDir()
    const store = createCassetteStore({ dir })
    const e = entry()
    e.response = { ...e.response, text: 'x'.repeat(17 * 1024 * 1024) }
    await expect(store.write('p', e)).rejects.toThrow(/larger than 16 MiB/)
    expect(await readdir(dir)).toEqual([])
  })

  it('removes temp files a crashed writer left behind (older than an hour), and keeps fresh ones', async () => {
    const dir = await tempDir()
    await mkdir(join(dir, 'p'), { recursive: true })
    const stale = join(dir, 'p', `${'a'.repeat(64)}.json.123.deadbeef.tmp`)
    const fresh = join(dir, 'p', `${'b'.repeat(64)}.json.456.cafebabe.tmp`)
    await writeFile(stale, '{')
    await writeFile(fresh, '{')
    const old = new Date(Date.now() - 2 * 60 * 60_000)
    await utimes(stale, old, old)
    const store = createCassetteStore({ dir })
    await store.write('p', entry())
    expect((await readdir(join(dir, 'p'))).sort()).toEqual([`${entry().digest}.json`, `${'b'.repeat(64)}.json.456.cafebabe.tmp`].sort())
  })
})
