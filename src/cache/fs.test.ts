import { mkdir, mkdtemp, readdir, readFile, rm, truncate, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { executePipeline } from '../core/execute.ts'
import { sha256 } from '../core/hash.ts'
import { resolveParams } from '../core/params.ts'
import { definePipeline } from '../core/pipeline.ts'
import type { RunResult } from '../core/result.ts'
import { defineStage } from '../core/stage.ts'
import { CacheError } from '../errors.ts'
import { createFsStore } from './fs.ts'

const KEY = 'a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90'
const bytes = (text: string) => new TextEncoder().encode(text)
const text = (b: Uint8Array | undefined) => (b ? new TextDecoder().decode(b) : undefined)

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'butterfly-fs-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

async function allFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true })
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name))
}

describe('createFsStore layout', () => {
  it('writes one file per key under a two-character fan-out folder, headed by the sha256 of the payload', async () => {
    const store = createFsStore({ dir })
    expect(store.dir).toBe(dir)
    expect(store.name).toBe('fs')
    await store.set(KEY, bytes('{"x":1}'))
    const file = join(dir, 'a1', `${KEY}.entry`)
    expect(await allFiles(dir)).toEqual([file])
    expect(await readFile(file, 'utf8')).toBe(`${sha256('{"x":1}')}\n{"x":1}`)
  })

  it('defaults to .butterfly/cache under the working directory', () => {
    expect(createFsStore().dir).toBe(join(process.cwd(), '.butterfly', 'cache'))
  })

  it('leaves no temporary file behind, also when a write fails', async () => {
    const store = createFsStore({ dir })
    await store.set(KEY, bytes('one'))
    await store.set(KEY, bytes('two'))
    expect(await allFiles(dir)).toHaveLength(1)
    // A directory where the entry should be makes the rename fail.
    const other = `b0${KEY.slice(2)}`
    await mkdir(join(dir, 'b0', `${other}.entry`), { recursive: true })
    const error = await store.set(other, bytes('x')).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(CacheError)
    expect((error as Error).message).toMatch(/^\[butterfly\] \[cache:fs\] cannot write .*\.entry: /)
    expect((await allFiles(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([])
  })

  it.each(['short', '../../etc/passwd', 'a/b/c/d/e/f', 'has space here', 'x'.repeat(129)])('rejects the unsafe key %j', async (key) => {
    const store = createFsStore({ dir })
    await expect(store.get(key)).rejects.toThrow(`[butterfly] [cache:fs] invalid key ${JSON.stringify(key)}: keys are 8-128 letters, digits, "_" or "-"`)
    await expect(store.set(key, bytes('x'))).rejects.toBeInstanceOf(CacheError)
  })

  it('reports an entry it cannot read (not a missing one) as a CacheError', async () => {
    const store = createFsStore({ dir })
    await mkdir(join(dir, 'a1', `${KEY}.entry`), { recursive: true })
    await expect(store.get(KEY)).rejects.toThrow(/^\[butterfly\] \[cache:fs\] cannot read .*: EISDIR/)
  })
})

describe('integrity check', () => {
  const file = () => join(dir, 'a1', `${KEY}.entry`)

  async function corruptedRead(corrupt: (path: string) => Promise<void>): Promise<{ value: Uint8Array | undefined; warnings: string[] }> {
    const warnings: string[] = []
    const store = createFsStore({ dir, onWarning: (m) => warnings.push(m) })
    await store.set(KEY, bytes('{"answer":"forty-two","list":[1,2,3]}'))
    expect(text(await store.get(KEY))).toBe('{"answer":"forty-two","list":[1,2,3]}')
    await corrupt(file())
    return { value: await store.get(KEY), warnings }
  }

  const expectedWarning = () => `[butterfly] [cache:fs] entry ${KEY.slice(0, 12)}… failed its hash check; recomputing (${file()})`

  it('treats a truncated entry as a miss, with a warning', async () => {
    const { value, warnings } = await corruptedRead(async (path) => truncate(path, 80))
    expect(value).toBeUndefined()
    expect(warnings).toEqual([expectedWarning()])
  })

  it('treats an entry cut inside its header, or emptied, as a miss', async () => {
    expect((await corruptedRead(async (path) => truncate(path, 30))).value).toBeUndefined()
    expect((await corruptedRead(async (path) => truncate(path, 0))).warnings).toEqual([expectedWarning()])
  })

  it('treats a flipped byte in the payload as a miss, even when the payload is still valid JSON', async () => {
    const { value, warnings } = await corruptedRead(async (path) => {
      const raw = await readFile(path)
      const at = raw.indexOf('forty')
      raw[at] = 'F'.charCodeAt(0)
      await writeFile(path, raw)
    })
    expect(value).toBeUndefined()
    expect(warnings).toEqual([expectedWarning()])
  })

  it('treats a flipped bit in the header as a miss', async () => {
    const { value, warnings } = await corruptedRead(async (path) => {
      const raw = await readFile(path)
      raw[5] = raw[5]! ^ 0x01
      await writeFile(path, raw)
    })
    expect(value).toBeUndefined()
    expect(warnings).toHaveLength(1)
  })

  it('warns through console.warn by default', async () => {
    const store = createFsStore({ dir })
    await store.set(KEY, bytes('payload'))
    await truncate(file(), 70)
    const original = console.warn
    const seen: unknown[] = []
    console.warn = (...args: unknown[]) => void seen.push(args[0])
    try {
      expect(await store.get(KEY)).toBeUndefined()
    } finally {
      console.warn = original
    }
    expect(seen).toEqual([expectedWarning()])
  })
})

describe('corrupt entries in a pipeline run', () => {
  let executions = 0
  const words = defineStage({ name: 'words', output: z.array(z.string()), run: () => (executions++, ['alpha', 'beta', 'gamma']) })
  const count = defineStage({ name: 'count', needs: { words }, output: z.number(), run: ({ inputs }) => inputs.words.length })
  const pipeline = definePipeline({ name: 'fs-corrupt', params: z.object({}), stages: [words, count] })

  async function go(warnings: string[]): Promise<RunResult> {
    const cache = createFsStore({ dir, onWarning: (m) => warnings.push(m) })
    return executePipeline(pipeline, await resolveParams(pipeline), { cache, onWarning: (m) => warnings.push(m) })
  }

  async function entryOf(result: RunResult, stage: string): Promise<string> {
    const r = result.stages[stage]!
    if (r.status !== 'executed' && r.status !== 'cached') throw new Error(`${stage} did not complete`)
    return join(dir, r.key.slice(0, 2), `${r.key}.entry`)
  }

  beforeEach(() => {
    executions = 0
  })

  it.each([
    ['truncated', async (path: string) => truncate(path, 90)],
    ['with a flipped byte that keeps it valid JSON', async (path: string) => {
      const raw = await readFile(path)
      raw[raw.indexOf('alpha')] = 'A'.charCodeAt(0)
      await writeFile(path, raw)
    }],
  ])('recomputes and rewrites an entry %s, and never returns it', async (_, corrupt) => {
    const warnings: string[] = []
    const first = await go(warnings)
    expect(first.counts.executed).toBe(2)
    const path = await entryOf(first, 'words')
    const good = await readFile(path)
    await corrupt(path)

    const second = await go(warnings)
    expect(second.stages.words!.status).toBe('executed')
    expect(second.stages.count!.status).toBe('cached')
    expect(second.output('words')).toEqual(['alpha', 'beta', 'gamma'])
    expect(executions).toBe(2)
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toMatch(/^\[butterfly\] \[cache:fs\] entry [0-9a-f]{12}… failed its hash check; recomputing \(/)
    expect(await readFile(path)).toEqual(good)

    const third = await go(warnings)
    expect(third.counts).toMatchObject({ executed: 0, cached: 2 })
    expect(warnings).toHaveLength(1)
  })

  it('recomputes an entry of another format version quietly, and overwrites it', async () => {
    const warnings: string[] = []
    const first = await go(warnings)
    const path = await entryOf(first, 'words')
    const key = path.split('/').at(-1)!.replace('.entry', '')
    const current = await readFile(path)
    // The same entry as a newer version would write it: it must not be served.
    const other = current.subarray(65).toString('utf8').replace('"v":3', '"v":4')
    expect(other).not.toBe(current.subarray(65).toString('utf8'))
    await createFsStore({ dir }).set(key, bytes(other))
    const again = await go(warnings)
    expect(again.stages.words!.status).toBe('executed')
    expect(warnings).toEqual([])
    expect(await readFile(path)).toEqual(current)
  })

  it('recomputes an entry whose hash header is valid but whose content is not a readable entry', async () => {
    const warnings: string[] = []
    const first = await go(warnings)
    const path = await entryOf(first, 'words')
    const key = path.split('/').at(-1)!.replace('.entry', '')
    for (const junk of ['{"v":1,"stage":"words", oops', '{"v":3,"stage":"count","hash":"x","form":"json","usage":{},"logs":[]}\n3']) {
      // Written through the store, so the header matches the junk and only the engine can tell.
      await createFsStore({ dir }).set(key, bytes(junk))
      const again = await go(warnings)
      expect(again.stages.words!.status).toBe('executed')
      expect(again.output('words')).toEqual(['alpha', 'beta', 'gamma'])
    }
    expect(warnings).toHaveLength(2)
    expect(warnings[0]).toMatch(new RegExp(`^\\[butterfly\\] \\[cache:fs\\] entry ${key.slice(0, 12)}… of stage "words" is unreadable \\(.*JSON.*\\); recomputing$`))
    expect(warnings[1]).toBe(`[butterfly] [cache:fs] entry ${key.slice(0, 12)}… of stage "words" is unreadable (unexpected entry shape); recomputing`)
    expect((await go(warnings)).counts.executed).toBe(0)
  })
})
