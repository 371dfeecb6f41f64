import { execFileSync } from 'node:child_process'
import { appendFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { StageError } from '../errors.ts'
import { definePipeline } from '../core/pipeline.ts'
import { defineStage } from '../core/stage.ts'
import { run } from '../run/run.ts'
import { entryIndexOf, flushEntryIndexes, forgetEntryIndexes, INDEX_DIR } from './entry-index.ts'
import { createFsStore } from './fs.ts'
import { identityOf } from './read-entry.ts'

const keyOf = (n: number): string => `k${String(n).padStart(3, '0')}${'0123456789abcdef'.repeat(4)}`
const bytes = (text: string): Uint8Array => new TextEncoder().encode(text)
const text = (b: Uint8Array | undefined): string | undefined => (b ? new TextDecoder().decode(b) : undefined)

let dir: string
const warnings: string[] = []
const store = () => createFsStore({ dir, onWarning: (m) => void warnings.push(m) })
const fileOf = (key: string): string => join(dir, key.slice(0, 2), `${key}.entry`)
const segments = (): string[] => readdirSync(join(dir, INDEX_DIR)).filter((n) => n.endsWith('.idx'))

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'butterfly-index-'))
  warnings.length = 0
})
afterEach(() => {
  forgetEntryIndexes()
  rmSync(dir, { recursive: true, force: true })
})

describe('the cache index', () => {
  it('vouches, in a new process, for entries another process wrote, and reads the whole entry only when asked', async () => {
    await store().set(keyOf(1), bytes('{"head":1}\nbody one'))
    await store().set(keyOf(2), bytes('{"head":2}\nbody two'))
    forgetEntryIndexes()
    expect(segments()).toHaveLength(1)
    const fresh = store()
    const peeked = fresh.peek!(keyOf(1))
    expect(peeked?.head).toBe('{"head":1}')
    expect(text(peeked?.payload())).toBe('{"head":1}\nbody one')
    expect(fresh.peek!(keyOf(2))?.head).toBe('{"head":2}')
    expect(fresh.peek!(keyOf(3))).toBeUndefined()
    expect(warnings).toEqual([])
  })

  it('does not vouch for an entry changed in place, deleted or replaced since it was indexed', async () => {
    for (let n = 1; n <= 3; n++) await store().set(keyOf(n), bytes(`{"head":${n}}\nbody`))
    forgetEntryIndexes()
    appendFileSync(fileOf(keyOf(1)), 'x')
    rmSync(fileOf(keyOf(2)))
    // Replaced by an atomic write this process's index has not seen (same bytes, another file).
    const other = `{"head":"new"}\nother body`
    writeFileSync(`${fileOf(keyOf(3))}.x`, readFileSync(fileOf(keyOf(3))))
    renameSync(`${fileOf(keyOf(3))}.x`, fileOf(keyOf(3)))
    const fresh = store()
    expect(fresh.peek!(keyOf(1))).toBeUndefined()
    expect(fresh.peek!(keyOf(2))).toBeUndefined()
    expect(fresh.peek!(keyOf(3))).toBeUndefined()
    // A full read indexes the entry as it is now.
    await fresh.set(keyOf(3), bytes(other))
    expect(fresh.peek!(keyOf(3))?.head).toBe('{"head":"new"}')
  })

  it('gives no payload for an entry replaced after the lookup, nor for one damaged in place, and forgets it', async () => {
    const s = store()
    await s.set(keyOf(1), bytes('{"head":1}\nbody one'))
    const peeked = s.peek!(keyOf(1))!
    await createFsStore({ dir }).set(keyOf(1), bytes('{"head":"other"}\nanother body'))
    expect(peeked.payload()).toBeUndefined()
    // Damage that kept the identity (as bit rot would): only the hash check on reading can tell.
    await s.set(keyOf(2), bytes('{"head":2}\nbody two'))
    const file = fileOf(keyOf(2))
    const raw = readFileSync(file)
    raw[raw.length - 1] = 'X'.charCodeAt(0)
    writeFileSync(file, raw)
    entryIndexOf(resolve(dir)).note(keyOf(2), '{"head":2}', identityOf(statSync(file)))
    const damaged = s.peek!(keyOf(2))!
    expect(damaged.head).toBe('{"head":2}')
    expect(damaged.payload()).toBeUndefined()
    expect(warnings).toEqual([expect.stringMatching(/^\[butterfly\] \[cache:fs\] entry k00201234567… failed its hash check; recomputing \(/)])
    expect(s.peek!(keyOf(2))).toBeUndefined()
    expect(await s.get(keyOf(2))).toBeUndefined()
  })

  it('indexes an entry read in full, large ones (read asynchronously) too', async () => {
    const large = `{"head":"large"}\n${'x'.repeat(2 * 1024 * 1024)}`
    await store().set(keyOf(1), bytes('{"head":1}\nbody'))
    await store().set(keyOf(2), bytes(large))
    forgetEntryIndexes()
    rmSync(join(dir, INDEX_DIR), { recursive: true })
    expect(store().peek!(keyOf(2))).toBeUndefined()
    expect(text(await store().get(keyOf(1)))).toBe('{"head":1}\nbody')
    expect(text(await store().get(keyOf(2)))).toBe(large)
    forgetEntryIndexes()
    expect(store().peek!(keyOf(1))?.head).toBe('{"head":1}')
    expect(store().peek!(keyOf(2))?.head).toBe('{"head":"large"}')
  })

  it('skips a damaged index line and keeps the others', async () => {
    await store().set(keyOf(1), bytes('{"head":1}\nbody'))
    await store().set(keyOf(2), bytes('{"head":2}\nbody'))
    forgetEntryIndexes()
    const [segment] = segments()
    const path = join(dir, INDEX_DIR, segment!)
    writeFileSync(path, readFileSync(path, 'utf8').replace('{"head":1}', '{"head":7}'))
    const fresh = store()
    expect(fresh.peek!(keyOf(1))).toBeUndefined()
    expect(fresh.peek!(keyOf(2))?.head).toBe('{"head":2}')
  })

  it('merges more than 16 segments into one when a process loads them, keeping every record', async () => {
    for (let n = 1; n <= 20; n++) {
      await store().set(keyOf(n), bytes(`{"head":${n}}\nbody`))
      flushEntryIndexes()
    }
    forgetEntryIndexes()
    expect(segments()).toHaveLength(20)
    const fresh = store()
    expect(fresh.peek!(keyOf(20))?.head).toBe('{"head":20}')
    expect(segments()).toHaveLength(1)
    forgetEntryIndexes()
    const again = store()
    for (let n = 1; n <= 20; n++) expect(again.peek!(keyOf(n))?.head).toBe(`{"head":${n}}`)
  })

  it('still loads, vouches and reads when the segments it merged cannot be removed', async () => {
    for (let n = 1; n <= 17; n++) {
      await store().set(keyOf(n), bytes(`{"head":${n}}\nbody`))
      flushEntryIndexes()
    }
    forgetEntryIndexes()
    // Something under index/ that cannot be removed like a file (as a segment of a directory this
    // process may only read, or one held open on Windows): the merge's removal throws.
    mkdirSync(join(dir, INDEX_DIR, 'zzzzzzzzz-0-held.idx'))
    const fresh = store()
    expect(fresh.peek!(keyOf(1))?.head).toBe('{"head":1}')
    expect(text(await fresh.get(keyOf(2)))).toBe('{"head":2}\nbody')
    expect(warnings).toEqual([])
  })

  it('is written when the process exits', () => {
    const script = `
      import { createFsStore } from ${JSON.stringify(resolve('src/cache/fs.ts'))}
      await createFsStore({ dir: ${JSON.stringify(dir)} }).set(${JSON.stringify(keyOf(1))}, new TextEncoder().encode('{"head":1}\\nbody'))
    `
    execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: 'pipe' })
    expect(segments()).toHaveLength(1)
    expect(store().peek!(keyOf(1))?.head).toBe('{"head":1}')
  })

  it('does not recreate a cache directory removed before it was written', async () => {
    await store().set(keyOf(1), bytes('{"head":1}\nbody'))
    rmSync(dir, { recursive: true, force: true })
    flushEntryIndexes()
    expect(() => statSync(dir)).toThrow(/ENOENT/)
  })

  it('can be turned off', async () => {
    const plain = createFsStore({ dir, index: false })
    await plain.set(keyOf(1), bytes('{"head":1}\nbody'))
    flushEntryIndexes()
    expect(plain.peek).toBeUndefined()
    expect(() => segments()).toThrow(/ENOENT/)
  })
})

describe('a warm run through the index', () => {
  let executions = 0
  const words = defineStage({ name: 'words', output: z.array(z.string()), version: '1', run: () => (executions++, ['alpha', 'beta']) })
  const count = defineStage({ name: 'count', needs: { words }, output: z.number(), version: '1', run: ({ inputs }) => inputs.words.length })
  const pipeline = definePipeline({ name: 'index-warm', params: z.object({}), stages: [words, count] })
  const go = () => run(pipeline, {}, { cache: store(), llm: { mode: 'off' }, onWarning: (m) => void warnings.push(m) })

  beforeEach(() => {
    executions = 0
  })

  it('serves every stage from the index in a new process, with the outputs a cold run gave', async () => {
    const cold = await go()
    expect(cold.counts.executed).toBe(2)
    forgetEntryIndexes()
    const warm = await go()
    expect(warm.counts).toMatchObject({ executed: 0, cached: 2 })
    expect(warm.stages.words!.status === 'cached' && warm.stages.words!.hash).toBe(cold.stages.words!.status === 'executed' && cold.stages.words!.hash)
    expect(warm.output('words')).toEqual(['alpha', 'beta'])
    expect(warm.output('count')).toBe(2)
    expect(executions).toBe(1)
    expect(warnings).toEqual([])
  })

  it('recomputes an entry damaged on disk before the run, with a warning', async () => {
    const cold = await go()
    forgetEntryIndexes()
    const key = cold.stages.words!.status === 'executed' ? cold.stages.words!.key : ''
    const raw = readFileSync(fileOf(key))
    raw[raw.indexOf('alpha')] = 'A'.charCodeAt(0)
    writeFileSync(fileOf(key), raw)
    const warm = await go()
    expect(warm.stages.words!.status).toBe('executed')
    expect(warm.output('words')).toEqual(['alpha', 'beta'])
    expect(warnings).toEqual([expect.stringMatching(/failed its hash check; recomputing/)])
  })

  it('fails reading an output whose entry was replaced after the run resolved it, and recomputes it in the next run', async () => {
    const cold = await go()
    forgetEntryIndexes()
    const warm = await go()
    const key = warm.stages.words!.status === 'cached' ? warm.stages.words!.key : ''
    rmSync(fileOf(key))
    const read = (): unknown => warm.output('words')
    expect(read).toThrow(StageError)
    expect(read).toThrow(/^\[butterfly\] the cached output of stage "words" \([0-9a-f]{12}…\) is gone: its entry changed or vanished after the cache index vouched for it \(removed, replaced or damaged since this run resolved the stage\); the next run recomputes it$/)
    const next = await go()
    expect(next.stages.words!.status).toBe('executed')
    expect(next.output('words')).toEqual(['alpha', 'beta'])
    expect(cold.counts.executed).toBe(2)
  })

  it('with one store for the process (as resolveCache gives), recomputes a vanished output in the next run, and keeps serving an output once read', async () => {
    const shared = store()
    const again = () => run(pipeline, {}, { cache: shared, llm: { mode: 'off' }, onWarning: (m) => void warnings.push(m) })
    await go()
    forgetEntryIndexes()
    const warm = await again()
    const key = warm.stages.words!.status === 'cached' ? warm.stages.words!.key : ''
    rmSync(fileOf(key))
    expect(() => warm.output('words')).toThrow(/changed or vanished/)
    const next = await again()
    expect(next.stages.words!.status).toBe('executed')
    expect(next.output('words')).toEqual(['alpha', 'beta'])
    // Served from the index again by a new store, read once, then the cache is cleared: the process keeps what it read.
    forgetEntryIndexes()
    const other = store()
    const third = () => run(pipeline, {}, { cache: other, llm: { mode: 'off' }, onWarning: (m) => void warnings.push(m) })
    expect((await third()).output('words')).toEqual(['alpha', 'beta'])
    rmSync(dir, { recursive: true, force: true })
    const fourth = await third()
    expect(fourth.stages.words!.status).toBe('cached')
    expect(fourth.output('words')).toEqual(['alpha', 'beta'])
    expect(executions).toBe(2)
  })
})
