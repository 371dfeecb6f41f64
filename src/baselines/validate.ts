import { BaselineError } from '../errors.ts'
import { BASELINE_FORMAT_VERSION } from './format.ts'
import { OUTPUTS_FILE_SUFFIX } from './outputs-file.ts'
import type { BaselineFile } from './format.ts'

const FILE_KEYS_V1 = new Set(['version', 'pipeline', 'spec', 'test', 'params', 'repeats', 'stages', 'note'])
const FILE_KEYS_V2 = new Set([...FILE_KEYS_V1, 'outputsFile'])
const FILE_KEYS = new Set([...FILE_KEYS_V2, 'lineage'])
const STAGE_KEYS_V1 = new Set(['metric', 'tolerance', 'statistic', 'samples', 'output', 'outputs', 'distinct', 'noiseFloor', 'drift', 'note'])
const STAGE_KEYS = new Set([...STAGE_KEYS_V1, 'hash', 'hashes'])
const SHA256 = /^[0-9a-f]{64}$/
const SUMMARY_KEYS = new Set(['values', 'mean', 'ci', 'max'])

type Json = Record<string, unknown>

function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value)
  if (Array.isArray(value)) return 'an array'
  return typeof value === 'string' ? `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}` : `${typeof value} ${typeof value === 'object' ? '' : String(value)}`.trim()
}

/**
 * Parses and validates the text of a baseline file. Throws `BaselineError`
 * naming `file` and the problem: not JSON (with the parser's position), or
 * the first field that does not fit the format (its path, e.g.
 * `stages.facts.tolerance`), or a newer format version. Reads versions 1 to
 * 3 (see docs/baselines.md).
 *
 * @example
 * const baseline = parseBaseline(readFileSync(file, 'utf8'), file)
 */
export function parseBaseline(text: string, file: string): BaselineFile {
  return validateBaseline(parseBaselineJson(text, file), file)
}

/** The JSON of a baseline file's text, not yet validated; throws `BaselineError` (corrupt) when it is not JSON. */
export function parseBaselineJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch (error) {
    throw new BaselineError(`${file} is corrupt: not valid JSON (${(error as Error).message}). Fix it, or rerun with -u to replace it`, { component: 'baselines', cause: error })
  }
}

/** Validates parsed baseline JSON (see {@link parseBaseline}); returns it typed. */
export function validateBaseline(data: unknown, file: string): BaselineFile {
  const fail = (path: string, problem: string): never => {
    throw new BaselineError(`${file} has an invalid shape at "${path}": ${problem}. Fix it by hand, or rerun with -u to replace it`, { component: 'baselines' })
  }
  const object = (value: unknown, path: string): Json =>
    typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : fail(path, `expected an object, got ${describe(value)}`)
  const string = (value: unknown, path: string): string => (typeof value === 'string' ? value : fail(path, `expected a string, got ${describe(value)}`))
  const number = (value: unknown, path: string, min = -Infinity): number =>
    typeof value === 'number' && Number.isFinite(value) && value >= min ? value : fail(path, `expected a finite number${min > -Infinity ? ` >= ${min}` : ''}, got ${describe(value)}`)
  const count = (value: unknown, path: string): number =>
    typeof value === 'number' && Number.isInteger(value) && value >= 1 ? value : fail(path, `expected an integer >= 1, got ${describe(value)}`)
  const onlyKeys = (value: Json, allowed: Set<string>, path: string): void => {
    for (const key of Object.keys(value)) if (!allowed.has(key)) fail(path === '' ? key : `${path}.${key}`, `unknown field (allowed: ${[...allowed].join(', ')})`)
  }
  const summary = (value: unknown, path: string): void => {
    const s = object(value, path)
    onlyKeys(s, SUMMARY_KEYS, path)
    if (!Array.isArray(s.values)) fail(`${path}.values`, `expected an array of numbers, got ${describe(s.values)}`)
    ;(s.values as unknown[]).forEach((v, i) => number(v, `${path}.values[${i}]`))
    number(s.mean, `${path}.mean`)
    number(s.max, `${path}.max`)
    if (!Array.isArray(s.ci) || s.ci.length !== 2) fail(`${path}.ci`, `expected [low, high], got ${describe(s.ci)}`)
    ;(s.ci as unknown[]).forEach((v, i) => number(v, `${path}.ci[${i}]`))
  }
  const hash = (value: unknown, path: string): string =>
    typeof value === 'string' && SHA256.test(value) ? value : fail(path, `expected a sha256 (64 lower-case hex digits), got ${describe(value)}`)


  const root = object(data, '(root)')
  if (typeof root.version === 'number' && root.version > BASELINE_FORMAT_VERSION) {
    throw new BaselineError(`${file} has format version ${root.version}, written by a newer vitest-butterfly; this version reads versions 1 to ${BASELINE_FORMAT_VERSION}`, { component: 'baselines' })
  }
  if (root.version !== 1 && root.version !== 2 && root.version !== BASELINE_FORMAT_VERSION) fail('version', `expected 1 to ${BASELINE_FORMAT_VERSION}, got ${describe(root.version)}`)
  const v1 = root.version === 1
  onlyKeys(root, v1 ? FILE_KEYS_V1 : root.version === 2 ? FILE_KEYS_V2 : FILE_KEYS, '')
  if (root.outputsFile !== undefined) {
    const outputsFile = object(root.outputsFile, 'outputsFile')
    onlyKeys(outputsFile, new Set(['file', 'sha256']), 'outputsFile')
    const name = string(outputsFile.file, 'outputsFile.file')
    if (!name.endsWith(OUTPUTS_FILE_SUFFIX) || /[\\/]/.test(name)) fail('outputsFile.file', `expected a file name ending in "${OUTPUTS_FILE_SUFFIX}" next to this file, got ${describe(name)}`)
    hash(outputsFile.sha256, 'outputsFile.sha256')
  }
  let external = 0
  string(root.pipeline, 'pipeline')
  string(root.spec, 'spec')
  if (!Array.isArray(root.test) || root.test.length === 0) fail('test', `expected a non-empty array of names, got ${describe(root.test)}`)
  ;(root.test as unknown[]).forEach((t, i) => string(t, `test[${i}]`))
  if (!('params' in root)) fail('params', 'missing')
  const repeats = count(root.repeats, 'repeats')
  if (root.note !== undefined) string(root.note, 'note')
  const stages = object(root.stages, 'stages')
  if (Object.keys(stages).length === 0) fail('stages', 'expected at least one stage')
  for (const [name, value] of Object.entries(stages)) {
    const path = `stages.${name}`
    const stage = object(value, path)
    onlyKeys(stage, v1 ? STAGE_KEYS_V1 : STAGE_KEYS, path)
    const metric = object(stage.metric, `${path}.metric`)
    onlyKeys(metric, new Set(['name', 'describe']), `${path}.metric`)
    string(metric.name, `${path}.metric.name`)
    string(metric.describe, `${path}.metric.describe`)
    number(stage.tolerance, `${path}.tolerance`, 0)
    if (stage.statistic !== 'max' && stage.statistic !== 'mean') fail(`${path}.statistic`, `expected "max" or "mean", got ${describe(stage.statistic)}`)
    const samples = count(stage.samples, `${path}.samples`)
    if (samples > repeats) fail(`${path}.samples`, `${samples} is more than repeats (${repeats})`)
    const hasOutput = 'output' in stage
    const hasOutputs = stage.outputs !== undefined
    if (hasOutput && hasOutputs) fail(path, 'expected exactly one of "output" (all samples equal) or "outputs" (one per sample)')
    if (!hasOutput && !hasOutputs) {
      if (v1) fail(path, 'expected exactly one of "output" (all samples equal) or "outputs" (one per sample)')
      // Version 2 keeps large outputs in the outputs file; the hashes say which shape.
      if (root.outputsFile === undefined) fail(path, 'expected "output", "outputs", or the outputs in the file named by "outputsFile" (which is missing)')
      external++
    }
    if (!v1 && (stage.hash === undefined) === (stage.hashes === undefined)) fail(path, 'expected exactly one of "hash" (all samples equal) or "hashes" (one per sample)')
    if (hasOutput && stage.hashes !== undefined) fail(`${path}.hashes`, 'goes with "outputs"; a single "output" has one "hash"')
    if (hasOutputs && stage.hash !== undefined) fail(`${path}.hash`, 'goes with "output"; per-sample "outputs" have "hashes"')
    if (stage.hash !== undefined) hash(stage.hash, `${path}.hash`)
    if (stage.hashes !== undefined) {
      if (!Array.isArray(stage.hashes)) fail(`${path}.hashes`, `expected an array (one hash per sample), got ${describe(stage.hashes)}`)
      const hashes = stage.hashes as unknown[]
      hashes.forEach((h, i) => hash(h, `${path}.hashes[${i}]`))
      if (hashes.length !== samples) fail(`${path}.hashes`, `has ${hashes.length} hashes but samples is ${samples}`)
    }
    const perSample = hasOutputs || stage.hashes !== undefined
    if (hasOutputs) {
      if (!Array.isArray(stage.outputs)) fail(`${path}.outputs`, `expected an array (one output per sample), got ${describe(stage.outputs)}`)
      const n = (stage.outputs as unknown[]).length
      if (n !== samples) fail(`${path}.outputs`, `has ${n} outputs but samples is ${samples}`)
    }
    if (stage.distinct !== undefined) {
      if (!perSample) fail(`${path}.distinct`, 'only allowed with "outputs"')
      if (count(stage.distinct, `${path}.distinct`) > samples) fail(`${path}.distinct`, `is more than the ${samples} outputs`)
    }
    if (stage.noiseFloor !== undefined) summary(stage.noiseFloor, `${path}.noiseFloor`)
    if (stage.drift !== undefined) summary(stage.drift, `${path}.drift`)
    if (stage.note !== undefined) string(stage.note, `${path}.note`)
  }
  if (root.lineage !== undefined) {
    for (const [name, value] of Object.entries(object(root.lineage, 'lineage'))) {
      const path = `lineage.${name}`
      const entry = object(value, path)
      onlyKeys(entry, new Set(['keys', 'hashes']), path)
      const list = (field: 'keys' | 'hashes'): unknown[] => {
        const xs = entry[field]
        if (!Array.isArray(xs) || xs.length === 0 || xs.length > repeats) fail(`${path}.${field}`, `expected 1 to ${repeats} sha256 values (one per sample), got ${describe(xs)}`)
        ;(xs as unknown[]).forEach((h, i) => hash(h, `${path}.${field}[${i}]`))
        return xs as unknown[]
      }
      if (list('keys').length !== list('hashes').length) fail(path, 'expected as many keys as hashes')
    }
  }
  if (root.outputsFile !== undefined && external === 0) fail('outputsFile', 'names an outputs file, but every stage has its outputs inline')
  return root as unknown as BaselineFile
}
