import { readFile } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import type { CompletionResult } from '../core/llm.ts'
import { stableStringify } from '../core/hash.ts'
import { CassetteError } from '../errors.ts'
import { writeFileAtomic } from '../fs/atomic-write.ts'
import type { ContainedDirectory } from '../fs/inside.ts'
import { resolveInside } from '../fs/inside.ts'
import { removeStaleTempFiles } from '../fs/stale-temps.ts'
import type { CanonicalRequest } from './canonical.ts'
import type { CassetteFile } from './cassette-file.ts'
import { checkCassetteFile, checksumOf, scrubEntry } from './cassette-file.ts'
import { DEFAULT_MAX_RESPONSE_BYTES } from './response-limit.ts'
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

const CASSETTES: ContainedDirectory = {
  name: 'cassette directory',
  item: 'cassette',
  fail: (message) => new CassetteError(`${message}`, { component: 'cassette' }),
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
  // The rules of baselines: no path out of the directory, no symlink followed out of it.
  const inside = (pipeline: string, digest: string): string => resolveInside(dir, `${pipeline}/${digest}.json`, CASSETTES)
  const swept = new Set<string>()
  return {
    dir,
    fileOf,
    async read(pipeline, digest) {
      const file = inside(pipeline, digest)
      let text: string
      try {
        text = await readFile(file, 'utf8')
      } catch (cause) {
        if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return undefined
        throw new CassetteError(`cannot read ${file}: ${(cause as Error).message}`, { component: 'cassette', cause })
      }
      let parsed: unknown
      try {
        parsed = JSON.parse(text)
      } catch (cause) {
        throw new CassetteError(`${file} is not valid JSON (${(cause as Error).message}); ${RERECORD}`, { component: 'cassette', cause })
      }
      const problem = checkCassetteFile(parsed, digest)
      if (problem) throw new CassetteError(`${file} ${problem}; ${RERECORD}`, { component: 'cassette' })
      return (parsed as CassetteFile).response
    },
    async write(pipeline, entry) {
      const file = inside(pipeline, entry.digest)
      let clean = scrubEntry(entry)
      if (options.sanitize) clean = { ...options.sanitize(structuredClone(clean)), digest: entry.digest }
      const problem = checkResult(clean.response)
      if (problem) throw new CassetteError(`the sanitize hook returned an entry whose response ${problem} (for ${file})`, { component: 'cassette' })
      const body: CassetteFile = { version: 1, ...clean, checksum: checksumOf(clean) }
      const text = `${stableStringify(body, 2)}\n`
      if (text.length > DEFAULT_MAX_RESPONSE_BYTES) {
        throw new CassetteError(`the recording of request ${entry.digest.slice(0, 12)} (${file}) is larger than 16 MiB (${text.length} characters); a recording meant to be committed is never this large, so it was not written`, { component: 'cassette' })
      }
      // Once per folder and store: temp files of writers killed between write and rename.
      if (!swept.has(pipeline)) {
        swept.add(pipeline)
        await removeStaleTempFiles(dirname(file))
      }
      try {
        // Checked again once the folders exist: one symlinked meanwhile must not redirect the write.
        await writeFileAtomic(file, text, { beforeWrite: () => void inside(pipeline, entry.digest) })
      } catch (cause) {
        throw new CassetteError(`cannot write ${file}: ${(cause as Error).message}`, { component: 'cassette', cause })
      }
      return clean.response
    },
  }
}
