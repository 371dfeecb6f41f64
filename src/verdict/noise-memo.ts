import { readFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import type { CacheOptions } from '../cache/resolve.ts'
import { defaultCacheDir } from '../constants.ts'
import type { CacheStore } from '../core/cache-store.ts'
import { writeFileAtomic } from '../fs/atomic-write.ts'
import { sha256, stableStringify } from '../core/hash.ts'
import { moduleGraphHash } from '../cache/module-graph.ts'
import { metricIdentity } from '../metrics/identity.ts'
import type { Metric } from '../metrics/metric.ts'
import type { RepeatsPlan } from '../stats/power.ts'
import { planRepeats } from '../stats/power.ts'
import { variance } from '../stats/summary.ts'
import type { PairedDesign } from './design.ts'

/** What one variant's test measured of the pipeline's own noise: all the planner needs. */
export interface MeasuredNoise {
  reference: 'shared-seeds' | 'independent-streams'
  /** Every value was 0 or 1. */
  binary: boolean
  /** Share of blocks whose two base samples differed (binary drift, independent streams), else 0. */
  noise: number
  /** Blocks (independent streams) or samples (shared seeds) it was measured on. */
  n: number
  /** Standard deviation of one paired value (continuous drift), when the values varied. */
  sd?: number
}

const isBinary = (xs: readonly number[]): boolean => xs.every((x) => x === 0 || x === 1)

/** The noise a design measured; `undefined` when there is nothing to plan (deterministic, no values). */
export function measuredNoise(design: Pick<PairedDesign, 'reference' | 'drift' | 'noise' | 'cross'>): MeasuredNoise | undefined {
  const { reference, drift, noise, cross } = design
  if (reference === 'deterministic') return undefined
  const values = reference === 'shared-seeds' ? drift : cross.map((c, j) => c - noise[j]!)
  if (values.length === 0) return undefined
  const binary = reference === 'shared-seeds' ? isBinary(drift) : isBinary(cross) && isBinary(noise)
  const sd = values.length >= 2 ? Math.sqrt(variance(values)) : 0
  return {
    reference, binary, n: values.length,
    noise: noise.length > 0 ? noise.reduce((a, b) => a + b, 0) / noise.length : 0,
    ...(sd > 0 ? { sd } : {}),
  }
}

/** The planner's answer for a measured noise; `undefined` for continuous drift that did not vary (no sd to plan with). */
export function planFor(m: MeasuredNoise, options: { effect: number; tolerance: number; alpha: number }): RepeatsPlan | undefined {
  const { reference } = m
  if (m.binary) return planRepeats({ metric: 'binary', reference, noise: m.noise, ...options })
  return m.sd !== undefined ? planRepeats({ metric: 'continuous', reference, sd: m.sd, ...options }) : undefined
}

/** How a measured noise reads in a note. */
export function describeNoise(m: MeasuredNoise): string {
  const fmt = (x: number): string => String(Number(x.toPrecision(3)))
  if (m.binary) return m.reference === 'shared-seeds' ? `shared seeds, 0/1 drift (${m.n} samples)` : `base samples differed in ${fmt(m.noise * m.n)} of ${m.n} blocks`
  return `sd ${m.sd === undefined ? 0 : fmt(m.sd)} of one paired value over ${m.n} ${m.reference === 'shared-seeds' ? 'samples' : 'blocks'}`
}

/**
 * Where a check keeps its measured noise between runs: a file under the
 * cache directory (`<dir>/noise/<key>.json`, beside the entries, never one
 * of them: entry counts, the remote tier and pruning do not see it), or, for
 * a store object without a directory, memory for the life of the process.
 */
export type NoiseMemoPlace = { dir: string } | { store: CacheStore } | undefined

/** The place of the memo for a run's cache options (`cache: false` keeps none). */
export function noiseMemoPlace(options: CacheOptions): NoiseMemoPlace {
  if (options.cache === false) return undefined
  if (options.cache) {
    const dir = (options.cache as { dir?: unknown }).dir
    return typeof dir === 'string' ? { dir } : { store: options.cache }
  }
  return { dir: resolve(options.cacheDir ?? defaultCacheDir()) }
}

const inProcess = new WeakMap<CacheStore, Map<string, MeasuredNoise[]>>()

/**
 * How a memo names its metric: its identity when it has one (two `top1`s
 * selecting different fields measure different noise), else its name and
 * description; `inferred` when the check infers it.
 */
export function memoMetricName(metric: Metric<any> | undefined): string {
  if (!metric) return 'inferred'
  return metricIdentity(metric, moduleGraphHash) ?? `${metric.name}: ${metric.describe}`
}

/**
 * The memo's name: one per pipeline, stage, metric, perturbations, base
 * params and seed. Assertions that differ only in their params (one per task
 * in a loop) measure different noise and must not overwrite each other's.
 */
export function noiseMemoKey(pipeline: string, stage: string, metric: string, perturbations: readonly string[], run: { params?: unknown; seed?: number } = {}): string {
  let params: string
  try {
    params = stableStringify(run.params ?? null)
  } catch {
    // Params that do not serialise (a class instance with cycles) share one memo per assertion shape.
    params = 'unserialisable'
  }
  return sha256(stableStringify(['butterfly noise memo 2', pipeline, stage, metric, perturbations, params, run.seed ?? 0])).slice(0, 40)
}

// A memo written by another version, or edited, must not reach the planner (which throws on bad input).
const valid = (m: MeasuredNoise): boolean => (m.reference === 'shared-seeds' || m.reference === 'independent-streams') && typeof m.binary === 'boolean'
  && m.noise >= 0 && m.noise <= 1 && Number.isInteger(m.n) && m.n >= 1 && (m.sd === undefined || m.sd > 0)

/** The noise the last check of this assertion measured, per variant; `undefined` when none was kept or it cannot be read. */
export async function readNoiseMemo(place: NoiseMemoPlace, key: string): Promise<MeasuredNoise[] | undefined> {
  if (!place) return undefined
  if ('store' in place) return inProcess.get(place.store)?.get(key)
  try {
    const memo = JSON.parse(await readFile(join(place.dir, 'noise', `${key}.json`), 'utf8')) as { version?: number; variants?: MeasuredNoise[] }
    if (memo.version !== 1 || !Array.isArray(memo.variants) || !memo.variants.every(valid)) return undefined
    return memo.variants
  } catch {
    // Missing or unreadable: no forecast (the first batch measures the noise again).
    return undefined
  }
}

/** Keeps what this check measured for the next run's pre-run power warning; a failed write only loses the forecast. */
export async function writeNoiseMemo(place: NoiseMemoPlace, key: string, variants: readonly MeasuredNoise[]): Promise<void> {
  if (!place || variants.length === 0) return
  if ('store' in place) {
    let memos = inProcess.get(place.store)
    if (!memos) inProcess.set(place.store, (memos = new Map()))
    memos.set(key, [...variants])
    return
  }
  const file = join(place.dir, 'noise', `${key}.json`)
  const text = `${JSON.stringify({ version: 1, variants })}\n`
  // A warm run measures the same noise again: it leaves the file as it is, so it writes nothing.
  if (await readFile(file, 'utf8').then((old) => old === text, () => false)) return
  await writeFileAtomic(file, text).catch(() => {})
}

/**
 * The pre-run power warning: what the planner asks for given the noise the
 * last check measured, when `repeats` (the most this check runs) fall short;
 * `undefined` when nothing was measured or the repeats suffice.
 * `runsPerValue`: repeats each paired value costs (see `planNote`).
 */
export function forecastPower(measured: readonly MeasuredNoise[] | undefined, options: { effect: number; tolerance: number; alpha: number }, repeats: number, runsPerValue = 1): string | undefined {
  const fmt = (x: number): string => String(Number(x.toPrecision(3)))
  let needed = 0
  let basis = ''
  for (const m of measured ?? []) {
    const plan = planFor(m, options)
    if (!plan || plan.repeats * runsPerValue <= needed) continue
    needed = plan.repeats * runsPerValue
    basis = describeNoise(m)
  }
  if (!(needed > repeats)) return undefined
  const what = `an excess drift of ${fmt(options.effect)} beyond the tolerance with 80 % power at α = ${fmt(options.alpha)}`
  return Number.isFinite(needed)
    ? `underpowered: the last check of this assertion measured ${basis}; at that noise ${repeats} repeats cannot detect ${what}, the planner asks for ${needed} (planRepeats)`
    : `underpowered: the last check of this assertion measured ${basis}; at that noise no number of repeats can detect ${what}`
}
