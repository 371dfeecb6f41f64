import { randomBytes } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import type { CacheStore } from '../../src/core/cache-store.ts'
import { sha256 } from '../../src/core/hash.ts'

/** What a store under test needs: how to make a fresh one, and how to clean up after it. */
export interface CacheStoreFixture {
  /** A new, empty store. Called once per test. */
  create: () => CacheStore | Promise<CacheStore>
  /** Runs after every test, e.g. to remove a temporary directory. */
  cleanup?: () => void | Promise<void>
  /** The store indexes its values (`peek`), and must keep that contract too. */
  indexed?: boolean
}

// Keys as the engine makes them: sha256 hex.
const key = (label: string): string => sha256(label)
const bytes = (text: string): Uint8Array => new TextEncoder().encode(text)

/**
 * The contract every {@link CacheStore} must keep. Call it from a test file
 * with a name and a fixture; it declares one `describe` block.
 *
 * @example
 * cacheStoreConformance('memory', { create: () => createMemoryStore() })
 */
export function cacheStoreConformance(name: string, fixture: CacheStoreFixture): void {
  describe(`CacheStore conformance: ${name}`, () => {
    if (fixture.cleanup) afterEach(fixture.cleanup)

    it('has a short name for messages', async () => {
      const store = await fixture.create()
      expect(store.name).toMatch(/^[a-z][a-z0-9-]*$/)
    })

    it('misses a key it never stored', async () => {
      const store = await fixture.create()
      expect(await store.get(key('missing'))).toBeUndefined()
      expect(await store.has(key('missing'))).toBe(false)
    })

    it('returns what was set, as a Uint8Array', async () => {
      const store = await fixture.create()
      await store.set(key('a'), bytes('hello'))
      const value = await store.get(key('a'))
      expect(value).toBeInstanceOf(Uint8Array)
      expect(Array.from(value!)).toEqual(Array.from(bytes('hello')))
      expect(await store.has(key('a'))).toBe(true)
    })

    it('keeps keys apart', async () => {
      const store = await fixture.create()
      const labels = Array.from({ length: 20 }, (_, i) => `k${i}`)
      await Promise.all(labels.map((l) => store.set(key(l), bytes(`value of ${l}`))))
      for (const l of labels) expect(new TextDecoder().decode(await store.get(key(l)))).toBe(`value of ${l}`)
    })

    it('replaces a value on overwrite, also with a shorter one', async () => {
      const store = await fixture.create()
      await store.set(key('o'), bytes('a long first value'))
      await store.set(key('o'), bytes('short'))
      expect(new TextDecoder().decode(await store.get(key('o')))).toBe('short')
    })

    it('deletes, and ignores deleting a missing key', async () => {
      const store = await fixture.create()
      await store.set(key('d'), bytes('x'))
      await store.set(key('keep'), bytes('y'))
      await store.delete(key('d'))
      await store.delete(key('never-there'))
      expect(await store.get(key('d'))).toBeUndefined()
      expect(await store.has(key('d'))).toBe(false)
      expect(new TextDecoder().decode(await store.get(key('keep')))).toBe('y')
    })

    it('round-trips every byte value, including newlines, NULs and invalid UTF-8', async () => {
      const store = await fixture.create()
      const all = Uint8Array.from({ length: 512 }, (_, i) => (i * 7) % 256)
      const odd = Uint8Array.from([0xff, 0xfe, 0x0a, 0x00, 0x0d, 0x0a, 0xc3, 0x28, 0x80])
      await store.set(key('all'), all)
      await store.set(key('odd'), odd)
      expect(await store.get(key('all'))).toEqual(all)
      expect(await store.get(key('odd'))).toEqual(odd)
    })

    it('round-trips an empty value as a hit, not a miss', async () => {
      const store = await fixture.create()
      await store.set(key('empty'), new Uint8Array(0))
      const value = await store.get(key('empty'))
      expect(value).toBeInstanceOf(Uint8Array)
      expect(value!.byteLength).toBe(0)
      expect(await store.has(key('empty'))).toBe(true)
    })

    it('stores only the bytes of a view, not its whole buffer', async () => {
      const store = await fixture.create()
      const buffer = Uint8Array.from({ length: 100 }, (_, i) => i)
      await store.set(key('view'), buffer.subarray(10, 20))
      expect(Array.from((await store.get(key('view')))!)).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19])
    })

    it('round-trips a large value (5 MB)', async () => {
      const store = await fixture.create()
      const large = new Uint8Array(randomBytes(5 * 1024 * 1024))
      await store.set(key('large'), large)
      const back = await store.get(key('large'))
      expect(back?.byteLength).toBe(large.byteLength)
      expect(sha256(back!)).toBe(sha256(large))
    })

    it('isolates stored values from the caller: mutating the input or a returned value changes nothing', async () => {
      const store = await fixture.create()
      const input = bytes('original')
      await store.set(key('iso'), input)
      input.fill(0x21)
      const first = await store.get(key('iso'))
      expect(new TextDecoder().decode(first)).toBe('original')
      first!.fill(0x3f)
      expect(new TextDecoder().decode(await store.get(key('iso')))).toBe('original')
    })

    if (fixture.indexed) {
      it('peeks the first line of what is stored now, and its payload is the stored value', async () => {
        const store = await fixture.create()
        expect(store.peek).toBeTypeOf('function')
        expect(store.peek!(key('never'))).toBeUndefined()
        await store.set(key('p'), bytes('{"head":1}\nbody'))
        const first = store.peek!(key('p'))
        expect(first?.head).toBe('{"head":1}')
        expect(new TextDecoder().decode(first!.payload())).toBe('{"head":1}\nbody')
        await store.set(key('p'), bytes('{"head":2}\nother'))
        expect(store.peek!(key('p'))?.head).toBe('{"head":2}')
      })

      it('never gives a peek\'s payload once the value was replaced or deleted', async () => {
        const store = await fixture.create()
        await store.set(key('q'), bytes('{"head":1}\nbody'))
        const before = store.peek!(key('q'))!
        await store.set(key('q'), bytes('{"head":2}\nother'))
        expect(before.payload()).toBeUndefined()
        const second = store.peek!(key('q'))!
        await store.delete(key('q'))
        expect(second.payload()).toBeUndefined()
        expect(store.peek!(key('q'))).toBeUndefined()
      })
    }

    it('never returns a mix of two concurrent writes to one key', async () => {
      const store = await fixture.create()
      const values = Array.from({ length: 8 }, (_, i) => new Uint8Array(64 * 1024).fill(65 + i))
      const reads: (Uint8Array | undefined)[] = []
      await Promise.all([
        ...values.map((v) => store.set(key('race'), v)),
        ...values.map(async () => void reads.push(await store.get(key('race')))),
      ])
      const isOneOf = (v: Uint8Array | undefined) => v === undefined || values.some((w) => sha256(w) === sha256(v))
      expect(reads.every(isOneOf)).toBe(true)
      const final = await store.get(key('race'))
      expect(final).toBeDefined()
      expect(isOneOf(final)).toBe(true)
    })
  })
}
