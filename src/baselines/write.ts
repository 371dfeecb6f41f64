import { existsSync, rmSync } from 'node:fs'
import { posix } from 'node:path'
import { sha256 } from '../core/hash.ts'
import { BaselineError } from '../errors.ts'
import { writeFileAtomicSync } from '../fs/atomic-write.ts'
import type { BaselineFile, BaselineLineage, BaselineStageRecord, BaselineStatistic, BaselineDriftSummary } from './format.ts'
import { BASELINE_FORMAT_VERSION, serializeBaseline, toJsonValue } from './format.ts'
import type { CheckBaselineOptions, ResolvedStageOptions } from './options.ts'
import { OUTPUTS_FILE_SUFFIX, OUTPUTS_FILE_THRESHOLD, outputsFileOf, serializeOutputs } from './outputs-file.ts'
import type { BaselineOutputs } from './outputs-file.ts'
import { checkRelativePath, resolveInside } from './paths.ts'
import type { CurrentSample } from './samples.ts'
import { own } from '../core/own.ts'

/** What {@link buildBaseline} needs: the current run, and the file it replaces (for notes). */
export interface BuildBaselineInput {
  options: CheckBaselineOptions
  statistic: BaselineStatistic
  /** Current samples per stage. */
  current: Map<string, CurrentSample[]>
  resolved: Map<string, ResolvedStageOptions>
  metrics: Map<string, { name: string; describe: string }>
  /** Drift from the replaced baseline, per stage that had one. */
  drifts: Map<string, BaselineDriftSummary>
  /** Noise floors of the current samples, per stage. */
  floors?: Map<string, BaselineDriftSummary>
  previous: BaselineFile | undefined
}

/** A baseline file's content, and the outputs it keeps in its outputs file (large ones), if any. */
export interface BuiltBaseline {
  content: BaselineFile
  outputs: BaselineOutputs | undefined
}

/**
 * The content of a baseline file for the current run. The whole file is
 * built from this run, so it always describes one run; reviewer notes of the
 * replaced file are kept. Every stage records its content hashes; a stage
 * whose outputs take more than `OUTPUTS_FILE_THRESHOLD` characters of JSON
 * keeps them in the outputs file.
 */
export function buildBaseline(input: BuildBaselineInput): BuiltBaseline {
  const { options, statistic, current, resolved, metrics, drifts, floors, previous } = input
  const stages: Record<string, BaselineStageRecord> = {}
  const outputs: BaselineOutputs = {}
  let repeats = 1
  for (const [stage, samples] of current) {
    repeats = Math.max(repeats, samples.length)
    const hashes = samples.map((s) => s.hash())
    const distinct = new Set(hashes).size
    const record: BaselineStageRecord = {
      metric: metrics.get(stage) ?? { name: 'unknown', describe: '' },
      tolerance: resolved.get(stage)?.tolerance ?? 0,
      statistic,
      samples: samples.length,
    }
    const stored = distinct === 1 ? samples.slice(0, 1) : samples
    const large = stored.reduce((n, s) => n + s.text().length, 0) > OUTPUTS_FILE_THRESHOLD
    if (distinct === 1) {
      record.hash = hashes[0]!
      if (large) outputs[stage] = { output: samples[0]!.json() }
      else record.output = samples[0]!.json()
    } else {
      record.hashes = hashes
      record.distinct = distinct
      if (large) outputs[stage] = { outputs: samples.map((s) => s.json()) }
      else record.outputs = samples.map((s) => s.json())
    }
    const floor = floors?.get(stage)
    if (floor) record.noiseFloor = floor
    const drift = drifts.get(stage)
    if (drift) record.drift = drift
    const note = own(previous?.stages, stage)?.note
    if (note !== undefined) record.note = note
    stages[stage] = record
  }
  const content: BaselineFile = {
    version: BASELINE_FORMAT_VERSION,
    pipeline: options.pipeline,
    spec: checkRelativePath(options.specFile, 'spec file'),
    test: [...options.test],
    params: toJsonValue(options.params),
    repeats,
    stages,
    ...(previous?.note !== undefined ? { note: previous.note } : {}),
    ...(options.lineage !== undefined ? { lineage: lineageOf(options.lineage) } : {}),
  }
  return { content, outputs: Object.keys(outputs).length > 0 ? outputs : undefined }
}

/**
 * Writes a baseline file, and its outputs file when it has large outputs
 * (else removes a stale one, afterwards): each atomically (temp file + rename
 * in the same directory), the outputs file first, creating folders, after proving again
 * that the paths stay in the snapshot directory once the folders exist.
 */
export function writeBaseline(snapshotDir: string, relativeFile: string, content: BaselineFile, outputs?: BaselineOutputs): string {
  const outputsFile = outputsFileOf(relativeFile)
  if (outputsFile === undefined) throw new BaselineError(`${relativeFile} is not a baseline file name (….json, not …${OUTPUTS_FILE_SUFFIX})`, { component: 'baselines' })
  if (outputs !== undefined) {
    const text = serializeOutputs(outputs)
    writeSnapshotFile(snapshotDir, outputsFile, text)
    content = { ...content, outputsFile: { file: posix.basename(outputsFile), sha256: sha256(text) } }
  }
  const file = writeSnapshotFile(snapshotDir, relativeFile, serializeBaseline(content))
  if (outputs === undefined) {
    // Only once the new baseline no longer points at it.
    const stale = resolveInside(snapshotDir, outputsFile)
    if (existsSync(stale)) rmSync(stale)
  }
  return file
}

/**
 * Writes one file under the snapshot directory atomically, after proving that
 * the path stays inside it (again once the folders exist, so that a symlinked
 * folder created meanwhile cannot redirect the write). Every file kept under
 * `snapshots/` (baselines, their outputs files, latency baselines) is written here.
 */
export function writeSnapshotFile(snapshotDir: string, relativeFile: string, text: string): string {
  const file = resolveInside(snapshotDir, relativeFile)
  try {
    writeFileAtomicSync(file, text, { beforeWrite: () => resolveInside(snapshotDir, relativeFile) })
  } catch (error) {
    if (error instanceof BaselineError) throw error
    throw new BaselineError(`could not write ${relativeFile} in ${snapshotDir}: ${(error as Error).message}`, { component: 'baselines', cause: error })
  }
  return file
}

// A copy in stage-name order, so the file's bytes do not depend on the order stages completed in.
function lineageOf(lineage: Record<string, BaselineLineage>): Record<string, BaselineLineage> {
  const copy: Record<string, BaselineLineage> = Object.create(null) as Record<string, BaselineLineage>
  for (const name of Object.keys(lineage).sort()) copy[name] = { keys: [...lineage[name]!.keys], hashes: [...lineage[name]!.hashes] }
  return copy
}
