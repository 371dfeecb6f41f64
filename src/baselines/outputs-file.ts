import { stableStringify } from '../core/hash.ts'
import { BaselineError } from '../errors.ts'
import type { BaselineFile } from './format.ts'
import { own } from '../core/own.ts'

/** How the outputs file of `x.json` is named: `x~outputs.json` (no test name slugs to `~outputs`). */
export const OUTPUTS_FILE_SUFFIX = '~outputs.json'

/**
 * A stage whose stored outputs take more than this many characters of JSON
 * is kept in the outputs file, so that checking an unchanged output reads a
 * small baseline file and hashes, not megabytes of output.
 */
export const OUTPUTS_FILE_THRESHOLD = 256 * 1024

/** The stored outputs of the stages kept in an outputs file, by stage. */
export type BaselineOutputs = Record<string, { output: unknown } | { outputs: unknown[] }>

/**
 * The outputs file of a baseline file (relative to the snapshot directory,
 * `/`-separated), or undefined when `relativeFile` is itself an outputs file.
 *
 * @example
 * outputsFileOf('a.spec.ts/facts.json') // 'a.spec.ts/facts~outputs.json'
 */
export function outputsFileOf(relativeFile: string): string | undefined {
  if (isOutputsFile(relativeFile) || !relativeFile.endsWith('.json')) return undefined
  return `${relativeFile.slice(0, -'.json'.length)}${OUTPUTS_FILE_SUFFIX}`
}

/** True for the name of an outputs file (`…~outputs.json`). */
export function isOutputsFile(relativeFile: string): boolean {
  return relativeFile.endsWith(OUTPUTS_FILE_SUFFIX)
}

/** The baseline file an outputs file belongs to. */
export function baselineOfOutputsFile(relativeFile: string): string {
  return `${relativeFile.slice(0, -OUTPUTS_FILE_SUFFIX.length)}.json`
}

/** The bytes of an outputs file: pretty, key-sorted JSON with a final newline, like the baseline file. */
export function serializeOutputs(outputs: BaselineOutputs): string {
  return `${stableStringify(outputs, 2)}\n`
}

/**
 * Parses an outputs file and checks it against its baseline: one entry per
 * stage stored there, `{ output }` for a stage with one `hash`, `{ outputs }`
 * (one per sample) for a stage with `hashes`. Throws `BaselineError` naming
 * the file and the stage.
 */
export function parseOutputs(text: string, file: string, baseline: BaselineFile): BaselineOutputs {
  const fail = (problem: string): never => {
    throw new BaselineError(`${file} ${problem}. Fix it by hand, or rerun with -u to replace it`, { component: 'baselines' })
  }
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (error) {
    throw new BaselineError(`${file} is corrupt: not valid JSON (${(error as Error).message}). Fix it, or rerun with -u to replace it`, { component: 'baselines', cause: error })
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return fail('is not an object of stage outputs')
  const entries = data as Record<string, unknown>
  const expected = Object.entries(baseline.stages).filter(([, r]) => !('output' in r) && r.outputs === undefined)
  for (const [stage, record] of expected) {
    const entry = own(entries, stage) as Record<string, unknown> | undefined
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) fail(`has no outputs of stage "${stage}"`)
    const keys = Object.keys(entry!)
    if (record.hashes === undefined) {
      if (keys.length !== 1 || keys[0] !== 'output') fail(`has, for stage "${stage}", not exactly { "output" } (the baseline records one output)`)
    } else if (keys.length !== 1 || keys[0] !== 'outputs' || !Array.isArray(entry!.outputs) || entry!.outputs.length !== record.samples) {
      fail(`has, for stage "${stage}", not exactly { "outputs" } with ${record.samples} outputs (one per sample)`)
    }
  }
  const extra = Object.keys(entries).filter((stage) => !expected.some(([s]) => s === stage))
  if (extra.length > 0) fail(`has outputs of stages its baseline does not keep there: ${extra.join(', ')}`)
  return entries as BaselineOutputs
}
