import { BaselineError } from '../errors.ts'
import { BASELINE_FORMAT_VERSION } from './format.ts'
import type { BaselineFile } from './format.ts'

const FILE_KEYS = new Set(['version', 'pipeline', 'spec', 'test', 'params', 'repeats', 'stages', 'note'])
const STAGE_KEYS = new Set(['metric', 'tolerance', 'statistic', 'samples', 'output', 'outputs', 'distinct', 'noiseFloor', 'drift', 'note'])
const SUMMARY_KEYS = new Set(['values', 'mean', 'ci', 'max'])

type Json = Record<string, unknown>

function describe(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  return typeof value === 'string' ? `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}` : `${typeof value} ${typeof value === 'object' ? '' : String(value)}`.trim()
}

/**
 * Parses and validates the text of a baseline file. Throws `BaselineError`
 * naming `file` and the problem: not JSON (with the parser's position), or
 * the first field that does not fit the format (its path, e.g.
 * `stages.facts.tolerance`), or a newer format version.
 *
 * @example
 * const baseline = parseBaseline(readFileSync(file, 'utf8'), file)
 */
export function parseBaseline(text: string, file: string): BaselineFile {
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (error) {
    throw new BaselineError(`[baselines] ${file} is corrupt: not valid JSON (${(error as Error).message}). Fix it, or rerun with -u to replace it`, { cause: error })
  }
  const fail = (path: string, problem: string): never => {
    throw new BaselineError(`[baselines] ${file} has an invalid shape at "${path}": ${problem}. Fix it by hand, or rerun with -u to replace it`)
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

  const root = object(data, '(root)')
  if (typeof root.version === 'number' && root.version > BASELINE_FORMAT_VERSION) {
    throw new BaselineError(`[baselines] ${file} has format version ${root.version}, written by a newer vitest-butterfly; this version reads version ${BASELINE_FORMAT_VERSION}`)
  }
  if (root.version !== BASELINE_FORMAT_VERSION) fail('version', `expected ${BASELINE_FORMAT_VERSION}, got ${describe(root.version)}`)
  onlyKeys(root, FILE_KEYS, '')
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
    onlyKeys(stage, STAGE_KEYS, path)
    const metric = object(stage.metric, `${path}.metric`)
    onlyKeys(metric, new Set(['name', 'describe']), `${path}.metric`)
    string(metric.name, `${path}.metric.name`)
    string(metric.describe, `${path}.metric.describe`)
    number(stage.tolerance, `${path}.tolerance`, 0)
    if (stage.statistic !== 'max' && stage.statistic !== 'mean') fail(`${path}.statistic`, `expected "max" or "mean", got ${describe(stage.statistic)}`)
    const samples = count(stage.samples, `${path}.samples`)
    if (samples > repeats) fail(`${path}.samples`, `${samples} is more than repeats (${repeats})`)
    const hasOutput = 'output' in stage
    if (hasOutput === (stage.outputs !== undefined)) fail(path, 'expected exactly one of "output" (all samples equal) or "outputs" (one per sample)')
    if (!hasOutput) {
      if (!Array.isArray(stage.outputs)) fail(`${path}.outputs`, `expected an array (one output per sample), got ${describe(stage.outputs)}`)
      const n = (stage.outputs as unknown[]).length
      if (n !== samples) fail(`${path}.outputs`, `has ${n} outputs but samples is ${samples}`)
      if (stage.distinct !== undefined && (count(stage.distinct, `${path}.distinct`) > n)) fail(`${path}.distinct`, `is more than the ${n} outputs`)
    } else if (stage.distinct !== undefined) fail(`${path}.distinct`, 'only allowed with "outputs"')
    if (stage.noiseFloor !== undefined) summary(stage.noiseFloor, `${path}.noiseFloor`)
    if (stage.drift !== undefined) summary(stage.drift, `${path}.drift`)
    if (stage.note !== undefined) string(stage.note, `${path}.note`)
  }
  return root as unknown as BaselineFile
}
