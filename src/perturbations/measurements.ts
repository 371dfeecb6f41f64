import { flushEntryIndexes } from '../cache/entry-index.ts'
import type { CacheStore } from '../core/cache-store.ts'
import { hashValue, sha256, stableStringify } from '../core/hash.ts'
import type { CompletedStage } from '../core/result.ts'
import type { DriftDetail, Metric } from '../metrics/metric.ts'
import type { ModuleFingerprint } from '../metrics/identity.ts'
import { metricIdentity } from '../metrics/identity.ts'
import { BOOTSTRAP_MODULE } from '../stats/bootstrap.ts'
import type { Variant } from './variant.ts'

// The version of a stored measurement table. Bump it when a stored value
// changes meaning: a table of another version is a quiet miss.
const FORMAT = 1

/** The prefix of the cache keys of measurement tables (stage entries are bare sha256 hex). */
export const MEASUREMENTS_PREFIX = 'measurements-'

/** Bootstrap settings an interval was computed with. */
interface IntervalSettings {
  confidence: number
  resamples: number
  seed: number
}

/**
 * The measurements of one sweep, memoised content-addressed: a metric value
 * is keyed by the metric's identity and the two output hashes, a detail
 * likewise, an interval by the bootstrap code, its settings and the values.
 * Nothing is recomputed whose inputs have not changed, and a value computed
 * once is never parsed-for again: the outputs of a pair are read only when
 * its value is not memoised.
 *
 * The values of metrics with an identity (see `metricIdentity`) and the
 * intervals are kept in one cache entry per sweep (keyed by the hashes of
 * every run's stages), read once when the sweep completes and written back
 * when something new was computed; other metrics are memoised in the process,
 * by the metric object.
 */
export interface Measurements {
  /** `compute()`, or the value it gave before for this metric and these two outputs. */
  value(metric: Metric<any>, a: CompletedStage, b: CompletedStage, compute: () => number): number
  /** `compute()`, or the detail it gave before for this metric and these two outputs. */
  details(metric: Metric<any>, a: CompletedStage, b: CompletedStage, compute: () => DriftDetail): DriftDetail
  /** `compute()`, or the interval it gave before for these values and settings. */
  interval(values: readonly number[], settings: IntervalSettings, compute: () => [number, number]): [number, number]
}

interface Table {
  v: typeof FORMAT
  values: Record<string, number>
  details: Record<string, DriftDetail>
  intervals: Record<string, [number, number]>
}

const byVariant = new WeakMap<Variant, Measurements>()
// Metrics without an identity: memoised by the metric object, within the process.
const local = new WeakMap<Metric<any>, Map<string, number | DriftDetail>>()
const pending = new Set<Promise<void>>()
// The last write of each table key by this process.
const writing = new Map<string, Promise<void>>()

/** The memoised measurements of the sweep `variant` belongs to (any variant of it), if it has them. */
export function measurementsOf(variant: Variant | undefined): Measurements | undefined {
  return variant ? byVariant.get(variant) : undefined
}

/**
 * Resolves when every measurement table written so far is stored (or failed
 * with a warning), and writes the records of the cache index (`dir/index/`
 * of a file-system cache) not written yet. A sweep's `drift()` is
 * synchronous and stores the values it computed in the background; the
 * Vitest setup file awaits this after each test. Programmatic use awaits it
 * before removing a cache directory (the write would race the removal) or
 * handing the cache to another process (the index is written at exit too).
 *
 * @example
 * const s = await sweep(pipeline, { perturbations, cacheDir })
 * s.drift('select', metrics.top1())
 * await settleMeasurements()
 * rmSync(cacheDir, { recursive: true, force: true })
 */
export async function settleMeasurements(): Promise<void> {
  while (pending.size > 0) await Promise.all([...pending])
  flushEntryIndexes()
}

/** Options of {@link loadMeasurements}. */
export interface MeasurementOptions {
  cache: CacheStore
  pipeline: string
  /** How module code is fingerprinted; without it, values are memoised within the process only. */
  fingerprint?: ModuleFingerprint | undefined
  onWarning?: ((message: string) => void) | undefined
}

/**
 * Reads the stored measurements of a sweep whose runs are `variants` and
 * attaches them to the variants (see {@link measurementsOf}). A table that
 * cannot be read or is not a measurement table is ignored with a warning:
 * its values are recomputed, never served.
 */
export async function loadMeasurements(variants: readonly Variant[], options: MeasurementOptions): Promise<Measurements> {
  const { cache, fingerprint } = options
  const warn = options.onWarning ?? (() => {})
  // Named apart from stage entries, so that a listing of the cache can tell them apart.
  const key = `${MEASUREMENTS_PREFIX}${hashValue({ measurements: FORMAT, pipeline: options.pipeline, runs: runsDigest(variants) })}`
  let table: Table = { v: FORMAT, values: {}, details: {}, intervals: {} }
  let bytes: Uint8Array | undefined
  try {
    bytes = await cache.get(key)
  } catch (cause) {
    warn(`[butterfly] [cache:${cache.name}] could not read the measurements of a sweep of "${options.pipeline}" (${key.slice(MEASUREMENTS_PREFIX.length, MEASUREMENTS_PREFIX.length + 12)}…): ${(cause as Error).message}; recomputing them`)
  }
  if (bytes) {
    const read = readTable(bytes)
    if (read === 'invalid') warn(`[butterfly] [cache:${cache.name}] the measurements of a sweep of "${options.pipeline}" (${key.slice(MEASUREMENTS_PREFIX.length, MEASUREMENTS_PREFIX.length + 12)}…) are unreadable; recomputing them`)
    else if (read) table = read
  }
  const interval = fingerprint ? intervalCode(fingerprint) : undefined
  let scheduled = false
  const changed = (): void => {
    if (scheduled) return
    scheduled = true
    // Written once the synchronous measurement that changed it is done, after any earlier write
    // of the same table by this process (so that its read below sees that write).
    const write = (writing.get(key) ?? Promise.resolve()).then(async () => {
      scheduled = false
      try {
        // Another process (a Vitest worker sweeping the same runs) may have stored the table since
        // it was read: keep its entries too, or the last writer drops the other's values and the
        // next run computes them again. Entries are content-addressed, so a union is exact.
        const stored = await cache.get(key).then((bytes) => (bytes ? readTable(bytes) : undefined), () => undefined)
        if (stored && stored !== 'invalid') mergeInto(table, stored)
        await cache.set(key, new TextEncoder().encode(stableStringify(table)))
      } catch (cause) {
        warn(`[butterfly] [cache:${cache.name}] could not store the measurements of a sweep of "${options.pipeline}" (${key.slice(MEASUREMENTS_PREFIX.length, MEASUREMENTS_PREFIX.length + 12)}…): ${(cause as Error).message}`)
      }
    })
    pending.add(write)
    writing.set(key, write)
    void write.finally(() => {
      pending.delete(write)
      if (writing.get(key) === write) writing.delete(key)
    })
  }
  const pairKey = (id: string, a: CompletedStage, b: CompletedStage): string => `${id.slice(0, 32)}:${a.hash.slice(0, 32)}:${b.hash.slice(0, 32)}`
  const memoised = <T extends number | DriftDetail>(kind: 'values' | 'details', metric: Metric<any>, a: CompletedStage, b: CompletedStage, compute: () => T): T => {
    const id = metricIdentity(metric, fingerprint)
    if (id === undefined) {
      let own = local.get(metric)
      if (!own) local.set(metric, (own = new Map()))
      const k = `${kind}:${a.hash}:${b.hash}`
      if (own.has(k)) return own.get(k) as T
      const value = compute()
      own.set(k, value)
      return value
    }
    const k = pairKey(id, a, b)
    const store = table[kind] as Record<string, T>
    if (Object.hasOwn(store, k)) return store[k]!
    const value = compute()
    // Only what a later read accepts is stored (a finite number, a well-formed detail); anything
    // else (a NaN or a string the caller rejects) is recomputed, and never spoils the whole table.
    if (kind === 'values' ? finiteNumber(value) : isDetail(value)) {
      store[k] = value
      changed()
    }
    return value
  }
  const measurements: Measurements = {
    value: (metric, a, b, compute) => memoised('values', metric, a, b, compute),
    details: (metric, a, b, compute) => memoised('details', metric, a, b, compute),
    interval(values, settings, compute) {
      if (interval === undefined) return compute()
      const k = sha256(`${interval}:${settings.confidence}:${settings.resamples}:${settings.seed}:${values.join(',')}`).slice(0, 32)
      if (Object.hasOwn(table.intervals, k)) return [...table.intervals[k]!]
      const value = compute()
      if (Number.isFinite(value[0]) && Number.isFinite(value[1])) {
        table.intervals[k] = [value[0], value[1]]
        changed()
      }
      return value
    },
  }
  for (const variant of variants) byVariant.set(variant, measurements)
  return measurements
}

// The bootstrap's code, fingerprinted once per fingerprint function: it is this
// package's own code, which changes only with a new module instance (a re-run re-imports it).
const intervalCodes = new WeakMap<ModuleFingerprint, string | null>()

function intervalCode(fingerprint: ModuleFingerprint): string | undefined {
  let code = intervalCodes.get(fingerprint)
  if (code === undefined) {
    try {
      code = fingerprint(BOOTSTRAP_MODULE)
    } catch {
      code = null
    }
    intervalCodes.set(fingerprint, code)
  }
  return code ?? undefined
}

// Which runs a sweep made: every stage's output hash (or status) in every run of every variant.
function runsDigest(variants: readonly Variant[]): string {
  const parts: string[] = []
  for (const variant of variants) {
    parts.push(`variant:${variant.id}`)
    for (const run of variant.runs) {
      for (const name of run.order) {
        const r = run.stages[name]!
        parts.push(`${name}=${r.status === 'executed' || r.status === 'cached' ? r.hash : r.status}`)
      }
      parts.push('')
    }
  }
  return sha256(parts.join('\n'))
}

// A stored table, checked value by value: `undefined` for another format version, 'invalid' for anything that is not a table.
function readTable(bytes: Uint8Array): Table | undefined | 'invalid' {
  let table: Partial<Table>
  try {
    table = JSON.parse(new TextDecoder().decode(bytes)) as Partial<Table>
  } catch {
    return 'invalid'
  }
  if (typeof table?.v === 'number' && table.v !== FORMAT) return undefined
  if (table?.v !== FORMAT || !isRecord(table.values) || !isRecord(table.details) || !isRecord(table.intervals)) return 'invalid'
  if (!Object.values(table.values).every(finiteNumber)) return 'invalid'
  if (!Object.values(table.intervals).every((x) => Array.isArray(x) && x.length === 2 && finiteNumber(x[0]) && finiteNumber(x[1]))) return 'invalid'
  if (!Object.values(table.details).every(isDetail)) return 'invalid'
  return table as Table
}

// Adds the entries of `from` that `into` lacks (the same key always holds the same value).
function mergeInto(into: Table, from: Table): void {
  for (const kind of ['values', 'details', 'intervals'] as const) {
    const target = into[kind] as Record<string, unknown>
    for (const [k, v] of Object.entries(from[kind])) if (!Object.hasOwn(target, k)) target[k] = v
  }
}

const finiteNumber = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x)

// What a table keeps as a detail: the keys that changed, and an optional note.
const isDetail = (d: unknown): boolean => isRecord(d) && Array.isArray(d.changed) && d.changed.every((c) => typeof c === 'string') && (d.note === undefined || typeof d.note === 'string')

function isRecord(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
