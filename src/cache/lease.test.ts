import { spawnSync } from 'node:child_process'
import { existsSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../../test/support/temp-dir.ts'
import { leaseClaim } from './lease.ts'

// A pid that existed and is gone: a child that has exited.
const deadPid = (): number => Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout)

describe('leaseClaim', () => {
  it('grants one holder; a second claimant is busy until the holder releases', async () => {
    const file = join(tempDir('butterfly-lease-'), 'k.lease')
    const first = await leaseClaim(file)
    expect(first.status).toBe('held')
    const second = await leaseClaim(file, { pollMs: 5 })
    expect(second.status).toBe('busy')
    let settled = false
    const waiting = second.status === 'busy' ? second.settled().then(() => void (settled = true)) : undefined
    await new Promise((r) => setTimeout(r, 30))
    expect(settled).toBe(false)
    if (first.status === 'held') await first.release()
    await waiting
    expect(settled).toBe(true)
    expect(existsSync(file)).toBe(false)
    const third = await leaseClaim(file)
    expect(third.status).toBe('held')
  })

  it('takes over at once a lease whose holder on this machine has died', async () => {
    const file = join(tempDir('butterfly-lease-'), 'k.lease')
    const pid = deadPid()
    expect(pid).toBeGreaterThan(0)
    writeFileSync(file, JSON.stringify({ pid, host: hostname() }))
    expect((await leaseClaim(file)).status).toBe('held')
  })

  it('waits for a fresh lease of another machine, and takes it over once it was not renewed for ttlMs', async () => {
    const file = join(tempDir('butterfly-lease-'), 'k.lease')
    writeFileSync(file, JSON.stringify({ pid: 1, host: 'another-machine' }))
    const busy = await leaseClaim(file, { ttlMs: 200, pollMs: 5 })
    expect(busy.status).toBe('busy')
    const old = new Date(Date.now() - 1000)
    utimesSync(file, old, old)
    expect((await leaseClaim(file, { ttlMs: 200 })).status).toBe('held')
  })

  it('keeps a long computation’s lease alive by renewing it', async () => {
    const file = join(tempDir('butterfly-lease-'), 'k.lease')
    const holder = await leaseClaim(file, { ttlMs: 90 })
    const old = new Date(Date.now() - 10_000)
    utimesSync(file, old, old)
    await new Promise((r) => setTimeout(r, 100))
    expect(Date.now() - statSync(file).mtimeMs).toBeLessThan(90)
    if (holder.status === 'held') await holder.release()
    expect(existsSync(file)).toBe(false)
  })
})
