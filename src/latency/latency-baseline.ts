import { existsSync, readFileSync } from 'node:fs'
import { cpus } from 'node:os'
import type { BaselineUpdateMode } from '../baselines/options.ts'
import { checkRelativePath, resolveInside } from '../baselines/paths.ts'
import { baselineStem } from '../baselines/slug.ts'
import { reconcile } from '../baselines/reconcile.ts'
import { writeSnapshotFile } from '../baselines/write.ts'
import { BaselineError } from '../errors.ts'
import type { LatencyStats } from './bench-stage.ts'
import type { CompareLatencyOptions, LatencyComparison } from './compare-latency.ts'
import { compareLatency } from './compare-latency.ts'

/** Suffix of latency baseline files. Not `.json`: the outputs-file pairing of output baselines must not apply; obsolete-baseline detection lists them too. */
export const LATENCY_FILE_SUFFIX = '.latency'
/** Most samples kept in a latency baseline file; more are thinned to evenly spaced order statistics. */
export const MAX_STORED_SAMPLES = 500
const FORMAT_VERSION = 1

/** The content of a latency baseline file (pretty JSON under `snapshots/`). */
export interface LatencyBaselineFile {
  version: number
  pipeline: string
  stage: string
  spec: string
  test: string[]
  /** The machine the samples were measured on: CPU model and count, Node version. */
  machine: string
  params: unknown
  latency: LatencyStats
  /** Number of samples measured (before thinning). */
  measured: number
  /** Sorted samples in ms, at most {@link MAX_STORED_SAMPLES}. */
  samples: number[]
}

/** A fresh measurement: a `measured` {@link benchStage} result is one. */
export interface CurrentLatency {
  latency: LatencyStats
  samples: readonly number[]
}

/** Options of {@link checkLatencyBaseline}. */
export interface CheckLatencyBaselineOptions extends CompareLatencyOptions {
  snapshotDir: string
  /** Baseline file relative to `snapshotDir` (see {@link latencyBaselineFile}). */
  file: string
  current: CurrentLatency
  /** Vitest's snapshot update state: `new` writes a missing file, `all` (-u) also rewrites a regressed or corrupt one, `none` (CI) writes nothing. */
  update: BaselineUpdateMode
  pipeline: string
  stage: string
  spec: string
  test: readonly string[]
  params: unknown
  /** @default {@link machineLine}() */
  machine?: string
}

/**
 * The outcome of {@link checkLatencyBaseline}, tagged on `status`. `pass` is
 * false for `regressed` and `missing` only.
 */
export type LatencyBaselineResult =
  | { status: 'within' | 'inconclusive' | 'regressed'; pass: boolean; file: string; comparison: LatencyComparison; machine: { current: string; baseline: string }; written: false }
  | { status: 'written'; pass: true; file: string; written: true }
  | { status: 'updated'; pass: true; file: string; written: true; comparison?: LatencyComparison; reason: 'regressed' | 'corrupt' }
  | { status: 'missing'; pass: false; file: string; written: false }

/**
 * The machine line recorded with latency samples: CPU model, core count and Node version.
 *
 * @example
 * machineLine() // 'AMD EPYC 7763 64-Core Processor x2, Node v20.20.0'
 */
export function machineLine(): string {
  const list = cpus()
  return `${list[0]?.model.trim() ?? 'unknown CPU'} x${list.length}, Node ${process.version}`
}

/**
 * The latency baseline file of a stage in a test, relative to the snapshot
 * directory: `<spec>/<test stem>~<n>.latency` named like output baselines
 * (the nth latency check of the test adds `~n`).
 *
 * @example
 * latencyBaselineFile('bench.spec.ts', ['extract stays fast']) // 'bench.spec.ts/extract-stays-fast.latency'
 */
export function latencyBaselineFile(specFile: string, test: readonly string[], index = 1): string {
  return `${checkRelativePath(specFile, 'spec file')}/${baselineStem(test, { index })}${LATENCY_FILE_SUFFIX}`
}

/**
 * Compares a fresh latency measurement with the stored baseline using
 * {@link compareLatency}, and writes the baseline as the update mode says:
 * a missing one under `new`/`all`, a regressed or corrupt one under `all`;
 * never one that is within or inconclusive (no churn). Throws
 * `BaselineError` naming the file when it is corrupt (outside `all`).
 *
 * @example
 * const r = checkLatencyBaseline({ snapshotDir: 'snapshots', file, current, update: 'none', maxSlowdown: 0.2, pipeline: 'docs', stage: 'extract', spec, test, params: {} })
 * if (!r.pass) throw new Error(r.status)
 */
export function checkLatencyBaseline(options: CheckLatencyBaselineOptions): LatencyBaselineResult {
  const { snapshotDir, file, update } = options
  const path = resolveInside(snapshotDir, file)
  const machine = options.machine ?? machineLine()
  const write = (): void => writeLatencyBaseline(snapshotDir, file, buildFile(options, machine))
  if (!existsSync(path)) {
    if (reconcile(update, 'missing').action === 'fail') return { status: 'missing', pass: false, file, written: false }
    write()
    return { status: 'written', pass: true, file, written: true }
  }
  let stored: LatencyBaselineFile
  try {
    stored = parseLatencyBaseline(readFileSync(path, 'utf8'), file)
  } catch (error) {
    if (!(error instanceof BaselineError) || reconcile(update, 'corrupt').action === 'throw') throw error
    write()
    return { status: 'updated', pass: true, file, written: true, reason: 'corrupt' }
  }
  const { current, maxSlowdown, statistic, confidence, resamples, seed } = options
  const comparison = compareLatency(current, stored, { maxSlowdown, statistic, confidence, resamples, seed })
  // An inconclusive comparison is not a regression: it keeps the file (and passes or not as compareLatency says).
  if (reconcile(update, comparison.status === 'regressed' ? 'exceeded' : 'within').action === 'update') {
    write()
    return { status: 'updated', pass: true, file, written: true, comparison, reason: 'regressed' }
  }
  return { status: comparison.status, pass: comparison.pass, file, comparison, machine: { current: machine, baseline: stored.machine }, written: false }
}

function buildFile(options: CheckLatencyBaselineOptions, machine: string): LatencyBaselineFile {
  const sorted = [...options.current.samples].sort((a, b) => a - b)
  const samples = sorted.length <= MAX_STORED_SAMPLES
    ? sorted
    : Array.from({ length: MAX_STORED_SAMPLES }, (_, i) => sorted[Math.round((i * (sorted.length - 1)) / (MAX_STORED_SAMPLES - 1))] as number)
  return {
    version: FORMAT_VERSION, pipeline: options.pipeline, stage: options.stage, spec: options.spec, test: [...options.test],
    machine, params: JSON.parse(JSON.stringify(options.params ?? {})) as unknown, latency: { ...options.current.latency }, measured: sorted.length, samples,
  }
}

/** Parses and validates a latency baseline file; throws `BaselineError` naming `file` and what is wrong. */
export function parseLatencyBaseline(text: string, file: string): LatencyBaselineFile {
  const fail = (problem: string): never => {
    throw new BaselineError(`latency baseline ${file} ${problem}. Fix it by hand, or rerun with -u to replace it`, { component: 'baselines' })
  }
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (error) {
    return fail(`is not valid JSON (${(error as Error).message})`)
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return fail('is not a JSON object')
  const d = data as Partial<LatencyBaselineFile>
  if (d.version !== FORMAT_VERSION) return fail(`has format version ${JSON.stringify(d.version)}, expected ${FORMAT_VERSION}`)
  if (typeof d.machine !== 'string') return fail('has no "machine" line')
  if (!Array.isArray(d.samples) || d.samples.length === 0) return fail('has no "samples"')
  const bad = d.samples.findIndex((x) => typeof x !== 'number' || !Number.isFinite(x) || x < 0)
  if (bad >= 0) return fail(`has an invalid sample at index ${bad}: ${JSON.stringify(d.samples[bad])}`)
  return d as LatencyBaselineFile
}

function writeLatencyBaseline(snapshotDir: string, file: string, content: LatencyBaselineFile): void {
  writeSnapshotFile(snapshotDir, file, `${JSON.stringify(content, null, 2)}\n`)
}
