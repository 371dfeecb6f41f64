import { createHash } from 'node:crypto'
import { closeSync, existsSync, openSync, readFileSync, readSync, statSync } from 'node:fs'
import { posix } from 'node:path'
import { BaselineError } from '../errors.ts'
import type { BaselineFile } from './format.ts'
import { outputsFileOf, parseOutputs } from './outputs-file.ts'
import type { BaselineOutputs } from './outputs-file.ts'
import { resolveInside } from './paths.ts'
import { parseBaselineJson, validateBaseline } from './validate.ts'
import { own } from '../core/own.ts'

/** The text of a baseline file parsed as JSON (not yet validated), or why it is not JSON; with the file's identity when read. */
export type BaselineJson =
  | { status: 'parsed'; signature: string; data: unknown }
  | { status: 'corrupt'; signature: string; error: BaselineError }

/** Size, modification time and inode: a rewrite (temp file + rename) or an edit changes it. */
export function signatureOf(file: string): string | undefined {
  try {
    const s = statSync(file, { bigint: true })
    return `${s.size}:${s.mtimeNs}:${s.ino}`
  } catch {
    return undefined
  }
}

/** Reads and JSON-parses a baseline file once; file system errors are thrown as they are. */
export function readBaselineJson(file: string, relativeFile: string): BaselineJson {
  const signature = signatureOf(file) ?? ''
  const text = readFileSync(file, 'utf8')
  try {
    return { status: 'parsed', signature, data: parseBaselineJson(text, relativeFile) }
  } catch (error) {
    if (!(error instanceof BaselineError)) throw error
    return { status: 'corrupt', signature, error }
  }
}

/** A validated baseline file, with the outputs of the stages it keeps in its outputs file (parsed on first use). */
export interface LoadedBaseline {
  baseline: BaselineFile
  /**
   * False when the outputs file's bytes no longer match the sha256 the
   * baseline records for it (edited by hand): its stages are then compared
   * by their outputs, not by their recorded hashes.
   */
  outputsTrusted: boolean
  /** The stored outputs of a stage kept in the outputs file. */
  external(stage: string): { output: unknown } | { outputs: unknown[] }
}

/**
 * Validates a read baseline file and, when it keeps outputs in an outputs
 * file, reads that file's bytes and checks them against the recorded sha256
 * (parsing them only when they differ). Throws `BaselineError` for a corrupt or invalid
 * baseline, or a missing outputs file.
 */
export function loadBaseline(snapshotDir: string, relativeFile: string, json: BaselineJson): LoadedBaseline {
  if (json.status === 'corrupt') throw json.error
  const baseline = validateBaseline(json.data, relativeFile)
  const recorded = baseline.outputsFile
  if (recorded === undefined) {
    return { baseline, outputsTrusted: true, external: (stage) => { throw new Error(`stage "${stage}" of ${relativeFile} has no outputs file`) } }
  }
  const name = outputsFileOf(relativeFile)
  if (name === undefined || posix.basename(name) !== recorded.file) {
    throw new BaselineError(`${relativeFile} names the outputs file "${recorded.file}", expected "${name === undefined ? '(none)' : posix.basename(name)}". Fix it by hand, or rerun with -u to replace it`, { component: 'baselines' })
  }
  const path = resolveInside(snapshotDir, name)
  if (!existsSync(path)) throw new BaselineError(`${relativeFile} keeps outputs in ${name}, which is missing. Restore it, or rerun with -u to replace both`, { component: 'baselines' })
  const outputsTrusted = hashFile(path) === recorded.sha256
  const parse = (): BaselineOutputs => parseOutputs(readFileSync(path, 'utf8'), name, baseline)
  // A file we wrote (its bytes match) is parsed only if a stage's hashes differ; an edited one is checked now, so its problems surface as the baseline's.
  let outputs = outputsTrusted ? undefined : parse()
  return {
    baseline,
    outputsTrusted,
    external(stage) {
      outputs ??= parse()
      return own(outputs, stage)!
    },
  }
}

const CHUNK = 1 << 18
let chunk: Buffer | undefined

/** sha256 of a file's bytes, read in chunks that stay in the CPU cache (about twice as fast as reading it whole, then hashing). */
function hashFile(path: string): string {
  chunk ??= Buffer.allocUnsafe(CHUNK)
  const hash = createHash('sha256')
  const fd = openSync(path, 'r')
  try {
    for (let n = readSync(fd, chunk, 0, CHUNK, null); n > 0; n = readSync(fd, chunk, 0, CHUNK, null)) hash.update(chunk.subarray(0, n))
  } finally {
    closeSync(fd)
  }
  return hash.digest('hex')
}
