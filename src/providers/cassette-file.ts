import { sha256, stableStringify } from '../core/hash.ts'
import { redactValue } from '../core/redact.ts'
import type { CassetteEntry } from './cassette.ts'
import { checkResult } from './result-check.ts'

/** A recording as it is stored: the entry, a format version and a checksum. */
export interface CassetteFile extends CassetteEntry {
  version: 1
  /** sha256 of `{ digest, request, response }`: a hand edit or a damaged file does not match. */
  checksum: string
}

// Field names that carry credentials; dropped from whatever a stage passed along.
const SECRET_KEY = /^(authorization|proxy-authorization|api[-_]?key|x-api-key|password|secret|token|access[-_]?token|cookie)$/i

function dropSecretFields(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(dropSecretFields)
  if (value === null || typeof value !== 'object') return value
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value)) if (!SECRET_KEY.test(k)) out[k] = dropSecretFields(v)
  return out
}

/**
 * An entry with no credential in it: credential-named request fields
 * dropped, and every configured key (registered by a provider, or in a
 * credential environment variable) replaced wherever it appears, also in the
 * response. Look-alikes in model text are content and stay.
 */
export function scrubEntry(entry: CassetteEntry): CassetteEntry {
  return redactValue({ ...entry, request: dropSecretFields(entry.request) as CassetteEntry['request'] }, { shapes: false })
}

/** The checksum of an entry. */
export function checksumOf(entry: CassetteEntry): string {
  return sha256(stableStringify({ digest: entry.digest, request: entry.request, response: entry.response }))
}

/** Says what is wrong with a parsed cassette file named after `digest`, or `undefined`. */
export function checkCassetteFile(value: unknown, digest: string): string | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return 'is not a cassette object'
  const f = value as Partial<CassetteFile>
  if (f.version !== 1) return `has version ${JSON.stringify(f.version)} (expected 1)`
  if (f.digest !== digest) return `records request ${String(f.digest).slice(0, 12)} but is named after ${digest.slice(0, 12)}`
  if (f.request === null || typeof f.request !== 'object') return 'has no request'
  const problem = checkResult(f.response)
  if (problem) return `has a response that ${problem}`
  if (f.checksum !== checksumOf(f as CassetteEntry)) return 'does not match its checksum (edited by hand or damaged)'
  return undefined
}
