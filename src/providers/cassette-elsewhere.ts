import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { stableStringify } from '../core/hash.ts'
import type { CanonicalRequest } from './canonical.ts'

/** A recording of the same request made against another identity (endpoint or upstream model). */
export interface RecordingElsewhere {
  file: string
  identity: Record<string, unknown>
}

// A miss only looks this far: the hint is worth a directory scan on the error
// path, not an unbounded one.
const MAX_SCANNED = 5_000

const withoutIdentity = (request: Partial<CanonicalRequest>): string => stableStringify({ ...request, identity: null })

/**
 * Looks in a pipeline's cassette folder for a recording of `request` that
 * differs only in the provider's identity, so that a replay miss can say
 * "recorded for endpoint X" instead of only "no recording". `undefined`
 * when there is none (or the folder cannot be read: this is only a hint).
 *
 * @example
 * await findRecordingElsewhere('cassettes/model-selection', canonical) // { file, identity: { endpoint: 'http://127.0.0.1:8765/v1' } }
 */
export async function findRecordingElsewhere(folder: string, request: CanonicalRequest): Promise<RecordingElsewhere | undefined> {
  // Regular files only: a symlink is never followed out of the cassette folder.
  const entries = await readdir(folder, { withFileTypes: true }).catch(() => [])
  const names = entries.filter((e) => e.isFile() && e.name.endsWith('.json')).map((e) => e.name)
  const wanted = withoutIdentity(request)
  for (const name of names.slice(0, MAX_SCANNED)) {
    const file = join(folder, name)
    try {
      const recorded = (JSON.parse(await readFile(file, 'utf8')) as { request?: CanonicalRequest }).request
      if (recorded && typeof recorded === 'object' && withoutIdentity(recorded) === wanted) return { file, identity: recorded.identity ?? {} }
    } catch {
      // an unreadable or damaged file is reported when it is replayed, not here
    }
  }
  return undefined
}

/** `endpoint X` / `upstream model Y`, for messages. */
export function describeIdentity(identity: Record<string, unknown>): string {
  const parts = Object.entries(identity).map(([k, v]) => k === 'endpoint' ? `endpoint ${String(v)}` : k === 'upstream' ? `upstream model "${String(v)}"` : `${k} ${JSON.stringify(v)}`)
  return parts.length > 0 ? parts.join(', ') : 'no identity'
}
