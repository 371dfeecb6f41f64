import { randomBytes } from 'node:crypto'
import { open, readFile, rename, rm, stat, utimes } from 'node:fs/promises'
import { hostname } from 'node:os'
import type { CacheClaim } from '../core/cache-store.ts'

/** Options of {@link leaseClaim}. */
export interface LeaseOptions {
  /** Milliseconds a lease lives without a heartbeat; its holder renews it every third of that. @default 30000 */
  ttlMs?: number
  /** Milliseconds between two looks of a waiter at a busy lease. @default 20 */
  pollMs?: number
}

interface Holder {
  pid: number
  host: string
}

const HOST = hostname()

/**
 * Claims `file` (a lease file next to an entry) for this process with an
 * exclusive create. The holder touches the file every `ttlMs / 3` while it
 * computes and removes it on release. A lease is stale, and removed by the
 * next claimant, when its holder is a process of this machine that no longer
 * exists, or when it was not touched for `ttlMs` (a holder on another
 * machine, or one frozen): a killed process never blocks a key for ever.
 */
export async function leaseClaim(file: string, options: LeaseOptions = {}): Promise<CacheClaim> {
  const ttlMs = options.ttlMs ?? 30_000
  const pollMs = options.pollMs ?? 20
  for (;;) {
    try {
      const handle = await open(file, 'wx')
      try {
        await handle.writeFile(JSON.stringify({ pid: process.pid, host: HOST } satisfies Holder))
      } finally {
        await handle.close()
      }
      return held(file, ttlMs)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    }
    if (await removeIfStale(file, ttlMs)) continue
    return { status: 'busy', settled: () => settled(file, ttlMs, pollMs) }
  }
}

function held(file: string, ttlMs: number): CacheClaim {
  const beat = setInterval(() => {
    const now = new Date()
    utimes(file, now, now).catch(() => {})
  }, Math.max(10, Math.floor(ttlMs / 3)))
  beat.unref()
  return {
    status: 'held',
    async release() {
      clearInterval(beat)
      await rm(file, { force: true })
    },
  }
}

async function settled(file: string, ttlMs: number, pollMs: number): Promise<void> {
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, pollMs))
    if (!(await exists(file))) return
    if (await removeIfStale(file, ttlMs)) return
  }
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(() => true, () => false)
}

// Moves a stale lease aside before deleting it, so that of several waiters
// that find it stale only one removes it. A fresh lease taken in between can
// still be moved by a slow waiter; then two processes compute the key, which
// costs time and nothing else.
async function removeIfStale(file: string, ttlMs: number): Promise<boolean> {
  let mtime: number
  let holder: Holder | undefined
  try {
    mtime = (await stat(file)).mtimeMs
    holder = parseHolder(await readFile(file, 'utf8'))
  } catch {
    return true // gone already
  }
  const dead = holder !== undefined && holder.host === HOST && !alive(holder.pid)
  if (!dead && Date.now() - mtime < ttlMs) return false
  const aside = `${file}.${randomBytes(6).toString('hex')}.stale`
  try {
    await rename(file, aside)
  } catch {
    return true // another waiter moved it
  }
  await rm(aside, { force: true })
  return true
}

function parseHolder(text: string): Holder | undefined {
  try {
    const value = JSON.parse(text) as Holder
    return Number.isInteger(value?.pid) && typeof value.host === 'string' ? value : undefined
  } catch {
    return undefined // being written: judged by its age alone
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
