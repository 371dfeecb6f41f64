import { mkdtemp, rm, truncate } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createMemoryStore } from './memory.ts'
import { resolveCache } from './resolve.ts'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'butterfly-resolve-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('resolveCache', () => {
  it('uses a given store as is, and a fresh memory store for cache: false', () => {
    const store = createMemoryStore()
    expect(resolveCache({ cache: store })).toBe(store)
    const a = resolveCache({ cache: false })
    const b = resolveCache({ cache: false })
    expect(a.name).toBe('memory')
    expect(a).not.toBe(b)
  })

  it('shares one fs store per directory, so concurrent runs share in-flight work', () => {
    const a = resolveCache({ cacheDir: join(dir, 'x') })
    expect(a.name).toBe('fs')
    expect(resolveCache({ cacheDir: join(dir, 'x', '..', 'x') })).toBe(a)
    expect(resolveCache({ cacheDir: join(dir, 'y') })).not.toBe(a)
    const sink = (): void => {}
    expect(resolveCache({ cacheDir: join(dir, 'x'), onWarning: sink })).toBe(resolveCache({ cacheDir: join(dir, 'x'), onWarning: sink }))
  })

  it('reads BUTTERFLY_CACHE_DIR when no cacheDir is given', () => {
    const before = process.env.BUTTERFLY_CACHE_DIR
    process.env.BUTTERFLY_CACHE_DIR = join(dir, 'from-env')
    try {
      expect((resolveCache() as { dir?: string }).dir).toBe(join(dir, 'from-env'))
    } finally {
      if (before === undefined) delete process.env.BUTTERFLY_CACHE_DIR
      else process.env.BUTTERFLY_CACHE_DIR = before
    }
  })

  it("sends integrity warnings to each run's own onWarning, even on a directory used before", async () => {
    const cacheDir = join(dir, 'warn')
    const key = '0123456789abcdef0123456789abcdef'
    const first: string[] = []
    const second: string[] = []
    const one = resolveCache({ cacheDir, onWarning: (m) => first.push(m) })
    await one.set(key, new TextEncoder().encode('payload'))
    await truncate(join(cacheDir, '01', `${key}.entry`), 66)
    expect(await resolveCache({ cacheDir, onWarning: (m) => second.push(m) }).get(key)).toBeUndefined()
    expect(first).toEqual([])
    expect(second).toHaveLength(1)
    expect(second[0]).toMatch(/failed its hash check; recomputing/)
  })
})
