import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { clearCache, inspectCache, pruneCache } from '../cache/maintenance.ts'
import type { CacheInventory } from '../cache/maintenance.ts'

const USAGE = `Usage: vitest-butterfly cache <command> [options]

Commands:
  info                     entries, size and age of the stage cache
  prune [--max-size SIZE] [--older-than AGE]
                           remove entries not written for AGE (e.g. 30d, 12h),
                           then the oldest until the cache takes at most SIZE
                           (e.g. 500MB, 2GB; 1 MB = 1024 KB), and stale temporary files
  clear                    remove the whole cache directory

Options:
  --dir DIR                the cache directory (default: $BUTTERFLY_CACHE_DIR or .butterfly/cache)
`

const UNITS: Record<string, number> = { b: 1, kb: 1024, k: 1024, mb: 1024 ** 2, m: 1024 ** 2, gb: 1024 ** 3, g: 1024 ** 3, tb: 1024 ** 4, t: 1024 ** 4 }
const SPANS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 }

/** Bytes of a size such as `500MB`. */
export function parseSize(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(text.trim())
  const unit = UNITS[(m?.[2] || 'b').toLowerCase()]
  if (!m || unit === undefined) throw new Error(`--max-size: expected a size such as 500MB or 2GB, got ${JSON.stringify(text)}`)
  return Math.floor(Number(m[1]) * unit)
}

/** Milliseconds of an age such as `30d`. */
export function parseAge(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([smhdw])$/i.exec(text.trim())
  if (!m) throw new Error(`--older-than: expected an age such as 30d, 12h or 90m, got ${JSON.stringify(text)}`)
  return Number(m[1]) * SPANS[m[2]!.toLowerCase()]!
}

function size(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(2)} GB`
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(1)} MB`
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`
  return `${bytes} B`
}

function age(ms: number): string {
  if (ms >= 86_400_000) return `${(ms / 86_400_000).toFixed(1)} days`
  if (ms >= 3_600_000) return `${(ms / 3_600_000).toFixed(1)} hours`
  return `${Math.max(0, Math.round(ms / 60_000))} minutes`
}

function describe(inv: CacheInventory, now: number): string {
  const span = inv.oldestMs === undefined ? '' : `, written ${age(now - inv.oldestMs)} to ${age(now - inv.newestMs!)} ago`
  return `${inv.dir}: ${inv.entries} entries, ${size(inv.bytes)}${span}${inv.indexBytes ? `; index ${size(inv.indexBytes)}` : ''}${inv.temps ? `; ${inv.temps} temporary files and leases` : ''}`
}

/** Runs the CLI with `argv` (without node and the script); returns the exit code. */
export async function main(argv: string[], out: (line: string) => void = console.log): Promise<number> {
  let parsed
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: {
      'dir': { type: 'string' }, 'max-size': { type: 'string' }, 'older-than': { type: 'string' }, 'help': { type: 'boolean', short: 'h' },
    } })
  } catch (error) {
    out(`vitest-butterfly: ${(error as Error).message}\n\n${USAGE}`)
    return 2
  }
  const [group, command, ...rest] = parsed.positionals
  if (parsed.values.help || group !== 'cache' || !command || rest.length > 0) {
    out(USAGE)
    return parsed.values.help ? 0 : 2
  }
  const dir = resolve(parsed.values.dir ?? process.env.BUTTERFLY_CACHE_DIR ?? '.butterfly/cache')
  const now = Date.now()
  try {
    if (command === 'info') {
      out(describe(await inspectCache(dir), now))
    } else if (command === 'prune') {
      const maxSize = parsed.values['max-size']
      const olderThan = parsed.values['older-than']
      if (maxSize === undefined && olderThan === undefined) throw new Error('prune: give --max-size, --older-than or both')
      const r = await pruneCache(dir, {
        ...(maxSize !== undefined ? { maxBytes: parseSize(maxSize) } : {}),
        ...(olderThan !== undefined ? { olderThanMs: parseAge(olderThan) } : {}),
      }, now)
      out(`removed ${r.removed} entries (${size(r.freedBytes)})${r.staleTemps ? ` and ${r.staleTemps} stale temporary files` : ''}; left ${describe(r.left, now)}`)
    } else if (command === 'clear') {
      const before = await clearCache(dir)
      out(`removed ${dir} (${before.entries} entries, ${size(before.bytes)})`)
    } else {
      out(`vitest-butterfly: unknown cache command "${command}"\n\n${USAGE}`)
      return 2
    }
  } catch (error) {
    out(`vitest-butterfly: ${(error as Error).message}`)
    return 1
  }
  return 0
}
