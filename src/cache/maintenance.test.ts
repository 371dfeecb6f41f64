import { existsSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { sha256 } from '../core/hash.ts'
import { tempDir } from '../../test/support/temp-dir.ts'
import { main, parseAge, parseSize } from '../cli/index.ts'
import { flushEntryIndexes } from './entry-index.ts'
import { createFsStore } from './fs.ts'
import { clearCache, inspectCache, pruneCache, removeCacheLeftovers } from './maintenance.ts'

const DAY = 86_400_000
const key = (i: number): string => sha256(`k${i}`)

// Entry i is i days old and takes 1000 bytes of payload.
async function filled(count: number): Promise<{ dir: string; now: number; path: (i: number) => string }> {
  const dir = tempDir('butterfly-maint-')
  const store = createFsStore({ dir })
  const now = Date.now()
  const path = (i: number): string => join(dir, key(i).slice(0, 2), `${key(i)}.entry`)
  for (let i = 0; i < count; i++) {
    await store.set(key(i), new Uint8Array(1000))
    const t = new Date(now - i * DAY)
    utimesSync(path(i), t, t)
  }
  return { dir, now, path }
}

describe('cache maintenance', () => {
  it('counts entries, their bytes and ages, and temporary files', async () => {
    const { dir, now } = await filled(5)
    writeFileSync(join(dir, 'ab.entry.123.abc.tmp'), 'x')
    const inv = await inspectCache(dir)
    expect(inv).toMatchObject({ dir, entries: 5, bytes: 5 * 1065, temps: 1 })
    expect(now - inv.oldestMs!).toBeGreaterThanOrEqual(4 * DAY - 1000)
    expect(await inspectCache(join(dir, 'missing'))).toMatchObject({ entries: 0, bytes: 0, temps: 0 })
  })

  it('prunes entries older than a limit, then the oldest down to a size, and nothing else', async () => {
    const { dir, now, path } = await filled(10)
    const byAge = await pruneCache(dir, { olderThanMs: 6.5 * DAY }, now)
    expect(byAge.removed).toBe(3) // 7, 8 and 9 days old
    expect([7, 8, 9].map((i) => existsSync(path(i)))).toEqual([false, false, false])
    const bySize = await pruneCache(dir, { maxBytes: 4 * 1065 }, now)
    expect(bySize.removed).toBe(3)
    expect(bySize.freedBytes).toBe(3 * 1065)
    expect([0, 1, 2, 3, 4, 5, 6].map((i) => existsSync(path(i)))).toEqual([true, true, true, true, false, false, false])
    expect(bySize.left).toMatchObject({ entries: 4, bytes: 4 * 1065 })
  })

  it('counts the index apart from the entries, and removes it with pruned entries (whose records it holds)', async () => {
    const dir = tempDir('butterfly-maint-')
    const store = createFsStore({ dir })
    for (let i = 0; i < 3; i++) await store.set(key(i), new TextEncoder().encode(`{"head":${i}}\nbody`))
    flushEntryIndexes()
    const inv = await inspectCache(dir)
    expect(inv.entries).toBe(3)
    expect(inv.indexBytes).toBeGreaterThan(0)
    expect(store.peek!(key(0))?.head).toBe('{"head":0}')
    expect((await pruneCache(dir, {})).removed).toBe(0)
    expect(existsSync(join(dir, 'index'))).toBe(true)
    const pruned = await pruneCache(dir, { maxBytes: 2 * 100 })
    expect(pruned.removed).toBe(1)
    expect(existsSync(join(dir, 'index'))).toBe(false)
    expect(pruned.left).toMatchObject({ entries: 2, indexBytes: 0 })
  })

  it('removes temporary files and leases left by killed processes, not live ones', async () => {
    const dir = tempDir('butterfly-maint-')
    mkdirSync(join(dir, 'ab'))
    const now = Date.now()
    const files = { oldTmp: 'ab/x.entry.1.a.tmp', newTmp: 'ab/y.entry.1.b.tmp', oldLease: 'ab/z.lease', newLease: 'ab/w.lease' }
    for (const f of Object.values(files)) writeFileSync(join(dir, f), '')
    utimesSync(join(dir, files.oldTmp), new Date(now - 2 * 3_600_000), new Date(now - 2 * 3_600_000))
    utimesSync(join(dir, files.oldLease), new Date(now - 120_000), new Date(now - 120_000))
    expect(await removeCacheLeftovers(dir, now)).toBe(2)
    expect(Object.entries(files).map(([k, f]) => [k, existsSync(join(dir, f))])).toEqual([['oldTmp', false], ['newTmp', true], ['oldLease', false], ['newLease', true]])
  })

  it('clears the whole directory', async () => {
    const { dir } = await filled(3)
    expect((await clearCache(dir)).entries).toBe(3)
    expect(existsSync(dir)).toBe(false)
  })
})

describe('vitest-butterfly cache (CLI)', () => {
  const cli = async (...args: string[]): Promise<{ code: number; out: string }> => {
    const lines: string[] = []
    const code = await main(args, (l) => lines.push(l))
    return { code, out: lines.join('\n') }
  }

  it('parses sizes and ages', () => {
    expect(parseSize('500MB')).toBe(500 * 1024 ** 2)
    expect(parseSize('1.5g')).toBe(1.5 * 1024 ** 3)
    expect(parseSize('2048')).toBe(2048)
    expect(parseAge('30d')).toBe(30 * DAY)
    expect(parseAge('12h')).toBe(12 * 3_600_000)
    expect(() => parseSize('lots')).toThrow('--max-size: expected a size such as 500MB or 2GB, got "lots"')
    expect(() => parseAge('30')).toThrow('--older-than: expected an age such as 30d, 12h or 90m, got "30"')
  })

  it('info, prune and clear a directory given with --dir', async () => {
    const { dir } = await filled(4)
    expect(await cli('cache', 'info', '--dir', dir)).toEqual({ code: 0, out: expect.stringMatching(new RegExp(`^${dir.replace(/[/.]/g, '\\$&')}: 4 entries, 4\\.2 KB, written 3\\.\\d days to 0 minutes ago$`)) })
    expect(await cli('cache', 'prune', '--older-than', '36h', '--dir', dir)).toEqual({ code: 0, out: expect.stringMatching(/^removed 2 entries \(2\.1 KB\); left .*: 2 entries/) })
    expect(await cli('cache', 'prune', '--max-size', '1.5KB', '--dir', dir)).toEqual({ code: 0, out: expect.stringMatching(/^removed 1 entries .*: 1 entries/) })
    expect(await cli('cache', 'clear', '--dir', dir)).toEqual({ code: 0, out: `removed ${dir} (1 entries, 1.0 KB)` })
    expect(existsSync(dir)).toBe(false)
  })

  it('answers misuse with the usage and exit code 2, a bad value with exit code 1', async () => {
    expect((await cli('cache')).code).toBe(2)
    expect((await cli('cache', 'shrink')).out).toContain('unknown cache command "shrink"')
    expect(await cli('cache', 'prune', '--dir', tempDir('butterfly-maint-'))).toEqual({ code: 1, out: 'vitest-butterfly: prune: give --max-size, --older-than or both' })
    expect((await cli('cache', 'prune', '--max-size', 'big')).code).toBe(1)
    expect((await cli('--help')).code).toBe(0)
  })
})
