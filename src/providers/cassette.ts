import { readFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import type { CompletionResult } from '../core/llm.ts'
import { sha256, stableStringify } from '../core/hash.ts'
import { CassetteError } from '../errors.ts'
import { writeFileAtomic } from '../fs/atomic-write.ts'
import type { CanonicalRequest } from './canonical.ts'
import { checkResult } from './result-check.ts'

/** One recorded call as it is written: the request that produced the response. */
export interface CassetteEntry {
  /** sha256 of the canonical request (before sanitizing); the file name. */
  digest: string
  request: CanonicalRequest
  response: CompletionResult
}

/** Scrubs an entry before it is written (and before it is returned to the stage). */
export type Sanitize = (entry: CassetteEntry) => CassetteEntry

/** Options of {@link createCassetteStore}. */
export interface CassetteStoreOptions {
  /** Root directory. @default process.env.BUTTERFLY_CASSETTE_DIR ?? 'cassettes' (from the working directory) */
  dir?: string
  sanitize?: Sanitize
}

/** Reads and writes recordings under `<dir>/<pipeline>/<digest>.json`. */
export interface CassetteStore {
  readonly dir: string
  /** The file of a recording. */
  fileOf(pipeline: string, digest: string): string
  /** The recorded response, `undefined` when there is none; a corrupt or edited file throws {@link CassetteError}. */
  read(pipeline: string, digest: string): Promise<CompletionResult | undefined>
  /** Writes the sanitized entry and returns the response as written, so that record and replay give the same output. */
  write(pipeline: string, entry: CassetteEntry): Promise<CompletionResult>
}

interface CassetteFile extends CassetteEntry {
  version: 1
  /** sha256 of `{ digest, request, response }`: a hand edit or a damaged file does not match. */
  checksum: string
}

// Field names that carry credentials; dropped from whatever a stage passed along.
const SECRET_KEY = /^(authorization|proxy-authorization|api[-_]?key|x-api-key|password|secret|token|access[-_]?token|cookie)$/i

function scrubSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(scrubSecrets)
  if (value === null || typeof value !== 'object') return value
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value)) if (!SECRET_KEY.test(k)) out[k] = scrubSecrets(v)
  return out
}

function checksumOf(entry: CassetteEntry): string {
  return sha256(stableStringify({ digest: entry.digest, request: entry.request, response: entry.response }))
}

const RERECORD = 'delete it and record it again (BUTTERFLY_LLM_MODE=record npx vitest run), or restore it from git'

/**
 * Creates the cassette store: one pretty-printed JSON file per request, so
 * that recordings are reviewable in pull requests and merge without conflicts.
 *
 * @example
 * const store = createCassetteStore({ dir: 'cassettes' })
 * await store.read('model-selection', digest) // CompletionResult | undefined
 */
export function createCassetteStore(options: CassetteStoreOptions = {}): CassetteStore {
  const dir = resolve(options.dir ?? process.env.BUTTERFLY_CASSETTE_DIR ?? 'cassettes')
  const fileOf = (pipeline: string, digest: string): string => join(dir, pipeline, `${digest}.json`)
  return {
    dir,
    fileOf,
    async read(pipeline, digest) {
      const file = fileOf(pipeline, digest)
      let text: string
      try {
        text = await readFile(file, 'utf8')
      } catch (cause) {
        if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return undefined
        throw new CassetteError(`[cassette] cannot read ${file}: ${(cause as Error).message}`, { cause })
      }
      let parsed: unknown
      try {
        parsed = JSON.parse(text)
      } catch (cause) {
        throw new CassetteError(`[cassette] ${file} is not valid JSON (${(cause as Error).message}); ${RERECORD}`, { cause })
      }
      const problem = checkFile(parsed, digest)
      if (problem) throw new CassetteError(`[cassette] ${file} ${problem}; ${RERECORD}`)
      return (parsed as CassetteFile).response
    },
    async write(pipeline, entry) {
      const file = fileOf(pipeline, entry.digest)
      let clean: CassetteEntry = { ...entry, request: scrubSecrets(entry.request) as CanonicalRequest }
      if (options.sanitize) clean = { ...options.sanitize(structuredClone(clean)), digest: entry.digest }
      const problem = checkResult(clean.response)
      if (problem) throw new CassetteError(`[cassette] the sanitize hook returned an entry whose response ${problem} (for ${file})`)
      const body: CassetteFile = { version: 1, ...clean, checksum: checksumOf(clean) }
      try {
        await writeFileAtomic(file, `${stableStringify(body, 2)}\n`)
      } catch (cause) {
        throw new CassetteError(`[cassette] cannot write ${file}: ${(cause as Error).message}`, { cause })
      }
      return clean.response
    },
  }
}

function checkFile(value: unknown, digest: string): string | undefined {
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
