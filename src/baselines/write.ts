import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { hashValue } from '../core/hash.ts'
import { BaselineError } from '../errors.ts'
import type { BaselineFile, BaselineStageRecord, BaselineStatistic, BaselineDriftSummary } from './format.ts'
import { BASELINE_FORMAT_VERSION, serializeBaseline, toJsonValue } from './format.ts'
import type { CheckBaselineOptions, ResolvedStageOptions } from './options.ts'
import { checkRelativePath, resolveInside } from './paths.ts'

/** What {@link buildBaseline} needs: the current run, and the file it replaces (for notes). */
export interface BuildBaselineInput {
  options: CheckBaselineOptions
  statistic: BaselineStatistic
  /** JSON-normalised samples per stage. */
  current: Map<string, unknown[]>
  resolved: Map<string, ResolvedStageOptions>
  metrics: Map<string, { name: string; describe: string }>
  /** Drift from the replaced baseline, per stage that had one. */
  drifts: Map<string, BaselineDriftSummary>
  /** Noise floors of the current samples, per stage. */
  floors?: Map<string, BaselineDriftSummary>
  previous: BaselineFile | undefined
}

/**
 * The content of a baseline file for the current run. The whole file is
 * built from this run, so it always describes one run; reviewer notes of the
 * replaced file are kept.
 */
export function buildBaseline(input: BuildBaselineInput): BaselineFile {
  const { options, statistic, current, resolved, metrics, drifts, floors, previous } = input
  const stages: Record<string, BaselineStageRecord> = {}
  let repeats = 1
  for (const [stage, samples] of current) {
    repeats = Math.max(repeats, samples.length)
    const hashes = new Set(samples.map((s) => hashValue(s)))
    const record: BaselineStageRecord = {
      metric: metrics.get(stage) ?? { name: 'unknown', describe: '' },
      tolerance: resolved.get(stage)?.tolerance ?? 0,
      statistic,
      samples: samples.length,
    }
    if (hashes.size === 1) record.output = samples[0] ?? null
    else {
      record.outputs = samples
      record.distinct = hashes.size
    }
    const floor = floors?.get(stage)
    if (floor) record.noiseFloor = floor
    const drift = drifts.get(stage)
    if (drift) record.drift = drift
    const note = previous?.stages[stage]?.note
    if (note !== undefined) record.note = note
    stages[stage] = record
  }
  return {
    version: BASELINE_FORMAT_VERSION,
    pipeline: options.pipeline,
    spec: checkRelativePath(options.specFile, 'spec file'),
    test: [...options.test],
    params: toJsonValue(options.params),
    repeats,
    stages,
    ...(previous?.note !== undefined ? { note: previous.note } : {}),
  }
}

/**
 * Writes a baseline file atomically (temp file + rename in the same
 * directory), creating folders, after proving again that the path stays in
 * the snapshot directory once the folders exist.
 */
export function writeBaseline(snapshotDir: string, relativeFile: string, content: BaselineFile): string {
  const file = resolveInside(snapshotDir, relativeFile)
  const temp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`
  try {
    mkdirSync(dirname(file), { recursive: true })
    resolveInside(snapshotDir, relativeFile)
    writeFileSync(temp, serializeBaseline(content), { flag: 'wx' })
    renameSync(temp, file)
  } catch (error) {
    rmSync(temp, { force: true })
    if (error instanceof BaselineError) throw error
    throw new BaselineError(`[baselines] could not write ${relativeFile} in ${snapshotDir}: ${(error as Error).message}`, { cause: error })
  }
  return file
}
