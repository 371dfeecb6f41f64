import { StageError } from '../errors.ts'
import type { CacheClaim, CacheStore } from './cache-store.ts'
import type { StageContext } from './context.ts'
import { hashValue, sha256 } from './hash.ts'
import { encodeOutput } from './output-codec.ts'
import { decodeEntry, decodeHeader, encodeEntry, entryOf } from './entry-format.ts'
import type { ReadEntry } from './entry-format.ts'
import { selectedForSelfCheck, selfCheckFailed, selfCheckWarning } from './self-check.ts'
import type { StageResult, StageUsage } from './result.ts'
import type { AnyStage } from './stage.ts'
import { stageOwner } from './stage.ts'
import { causeMessage, runStageOnce } from './run-stage.ts'
import { validateWith } from './standard-schema.ts'
import type { LlmProvider } from './llm.ts'

/**
 * What a stage depends on besides its params, inputs and models: `code`, a
 * fingerprint of its module's code (omitted when the stage declares
 * `version`), and `files`, a hash of the files it declared. Given by a layer
 * that may read files; core reads none.
 */
export type StageFingerprint = (stage: AnyStage) => {
  code?: string
  files?: string
  /**
   * Fingerprint of the code that defines the stage's output schema (its
   * module graph), given even when the stage declares `version`: a cached
   * output written under the same fingerprint was validated by the same
   * schema and is not validated again. Never part of the key.
   */
  schema?: string
}

/** What {@link computeStage} needs besides the stage. */
export interface ComputeInput {
  /** Name of the pipeline the stage runs in: same-named stages of two pipelines never share an entry. */
  pipeline: string
  /** @default none: the key covers `version` (or the `run` source) only, and `files` cannot be declared */
  fingerprint?: StageFingerprint | undefined
  params: unknown
  inputs: Record<string, unknown>
  inputHashes: Record<string, string>
  sample: number
  seed: number
  /** {@link modelsIdentity} of the pipeline's models. */
  models: Record<string, unknown>
  cache: CacheStore
  makeCtx: () => StageContext
  usage: StageUsage
  logs: string[]
  onWarning?: ((message: string) => void) | undefined
  /** Share (0..1) of cache hits of deterministic stages to execute again and compare (see `selfCheck` of run()). @default 0 */
  selfCheck?: number | undefined
}

// An entry as the engine holds it: the header (the index record: output hash,
// usage, logs) and the output, parsed only when something reads it.
interface Entry {
  stage: string
  hash: string
  usage: StageUsage
  logs: string[]
  output: () => unknown
}

// Several runs in one process (the samples and variants of a sweep) often need
// the same entry at once; sharing the in-flight lookup-or-computation keeps
// every stage executed exactly once per key. The cache read is part of the
// shared job: a read that started before another run stored the entry could
// otherwise miss it after that run's job had already left the map.
const inflight = new WeakMap<CacheStore, Map<string, Promise<Outcome>>>()

type Found = { from: 'cache' | 'run'; entry: Entry; remote?: true }
type Outcome = Found | StageError

// A stage's source does not change while its object lives; hashing it once
// keeps the key computation off the warm path of sweeps with many runs.
const sourceVersions = new WeakMap<AnyStage['run'], string>()

/** The version of a stage: its declared `version`, else a hash of its `run` source. */
export function stageVersion(stage: AnyStage): string {
  if (stage.version !== undefined) return stage.version
  let version = sourceVersions.get(stage.run)
  if (!version) sourceVersions.set(stage.run, (version = `src:${sha256(stage.run.toString()).slice(0, 16)}`))
  return version
}

/** The identity of a pipeline's models (kind and `identity` per model id), as stochastic stages key it. */
export function modelsIdentity(models: Record<string, LlmProvider> | undefined): Record<string, unknown> {
  return Object.fromEntries(Object.entries(models ?? {}).map(([id, p]) => [id, { kind: p.kind, identity: p.identity ?? {} }]))
}

/**
 * The cache key of a stage for given params, input hashes, sample and seed:
 * it also names the pipeline that owns the stage object (the first one
 * `definePipeline` put it in: a factory making two pipelines with the same
 * stage code must not share entries, a pipeline reusing another's stages does) and what the fingerprint says the code
 * and declared files are. Stochastic stages (the ones that may call models)
 * also key the identity of the pipeline's models, so another model behind the
 * same id is a new entry.
 */
export function stageKey(stage: AnyStage, input: Pick<ComputeInput, 'pipeline' | 'fingerprint' | 'params' | 'inputHashes' | 'sample' | 'seed' | 'models'>): string {
  const slice = stage.params ? stage.params(input.params) : undefined
  if (stage.files?.length && !input.fingerprint) throw new Error('it declares "files", which this engine was given no way to read')
  const models = input.models
  return hashValue({
    pipeline: stageOwner(stage) ?? input.pipeline,
    stage: stage.name,
    version: stageVersion(stage),
    ...keyed(input.fingerprint?.(stage)),
    params: slice ?? null,
    inputs: input.inputHashes,
    ...(stage.stochastic ? { sample: input.sample, seed: input.seed, ...(Object.keys(models).length ? { models } : {}) } : {}),
  })
}

// What of a fingerprint the key covers: `schema` is not (a declared `version` keeps its entries when the module changes).
function keyed(f: ReturnType<StageFingerprint> | undefined): { code?: string; files?: string } {
  if (!f) return {}
  return { ...(f.code !== undefined ? { code: f.code } : {}), ...(f.files !== undefined ? { files: f.files } : {}) }
}

// A deterministic stage gets the same key in every sample of a sweep: its key
// (resolved params are never mutated: run() resolves them afresh, sweeps clone them)
// is computed once per stage, params object, fingerprint function and input
// hashes. Not for stages that declare files (re-checked on every key) nor
// stochastic ones (keyed per sample).
const keys = new WeakMap<StageFingerprint | typeof stageKey, WeakMap<AnyStage, WeakMap<object, Map<string, string>>>>()

function keyOf(stage: AnyStage, input: ComputeInput): string {
  const params = input.params
  if (stage.stochastic || stage.files?.length || typeof params !== 'object' || params === null) return stageKey(stage, input)
  const by = input.fingerprint ?? stageKey
  let byStage = keys.get(by)
  if (!byStage) keys.set(by, (byStage = new WeakMap()))
  let byParams = byStage.get(stage)
  if (!byParams) byStage.set(stage, (byParams = new WeakMap()))
  let byInputs = byParams.get(params)
  if (!byInputs) byParams.set(params, (byInputs = new Map()))
  let id = input.pipeline
  for (const alias of Object.keys(input.inputHashes).sort()) id += `\u0000${alias}=${input.inputHashes[alias]}`
  let key = byInputs.get(id)
  if (key === undefined) byInputs.set(id, (key = stageKey(stage, input)))
  return key
}

/** Serves one stage from the cache or computes, validates and stores it. */
export async function computeStage(stage: AnyStage, input: ComputeInput): Promise<StageResult> {
  const started = performance.now()
  let key: string | undefined
  try {
    key = keyOf(stage, input)
  } catch (cause) {
    return fail(stage, undefined, started, input.logs, `[butterfly] stage "${stage.name}" could not compute its cache key (params slice, code or files): ${message(cause)}`, cause)
  }
  // The warm path: an entry already read and accepted is served without a store round trip.
  if (stage.stochastic || !selectedForSelfCheck(key, input.selfCheck ?? 0)) {
    const schema = input.fingerprint?.(stage).schema
    const kept = acceptedEntry(input.cache, key, stage, schema) ?? indexedEntry(input.cache, key, stage, schema)
    if (kept) return completed('cached', key, kept, started)
  }
  let pending = inflight.get(input.cache)
  if (!pending) inflight.set(input.cache, (pending = new Map()))
  const shared = pending.get(key)
  // A run that shares another run's lookup got its entry in this process, whichever tier it came from.
  if (shared) {
    const outcome = await shared
    return settle(outcome instanceof StageError ? outcome : { from: outcome.from, entry: outcome.entry }, 'cached', key, started, input.logs)
  }
  const job = lookupOrProduce(stage, key, input)
  pending.set(key, job)
  try {
    const outcome = await job
    return settle(outcome, outcome instanceof StageError || outcome.from === 'run' ? 'executed' : 'cached', key, started, input.logs)
  } finally {
    pending.delete(key)
  }
}

async function lookupOrProduce(stage: AnyStage, key: string, input: ComputeInput): Promise<Outcome> {
  for (;;) {
    const cached = await read(input.cache, key, stage, input.onWarning, input.fingerprint)
    if (cached) {
      if (!stage.stochastic && selectedForSelfCheck(key, input.selfCheck ?? 0)) await selfCheck(stage, key, cached.entry, input)
      return cached
    }
    const claim = await claimOf(input.cache, key, stage.name, input.onWarning)
    if (claim?.status === 'busy') {
      // Another process is computing this key: wait for it, then read what it wrote
      // (or, if it failed or died, claim the key in turn).
      await claim.settled()
      continue
    }
    try {
      // The holder before us may have finished between our read and our claim.
      const late = claim ? await read(input.cache, key, stage, input.onWarning, input.fingerprint) : undefined
      if (late) return late
      const produced = await produce(stage, key, input)
      return produced instanceof StageError ? produced : { from: 'run', entry: produced }
    } finally {
      await claim?.release().catch(() => {})
    }
  }
}

// A store that cannot claim degrades to computing without single flight: claims save work, they never decide results.
async function claimOf(cache: CacheStore, key: string, stage: string, warn: ComputeInput['onWarning']): Promise<CacheClaim | undefined> {
  if (!cache.claim) return undefined
  try {
    return await cache.claim(key)
  } catch (cause) {
    warn?.(`[butterfly] [cache:${cache.name}] could not claim stage "${stage}" (${key.slice(0, 12)}…): ${message(cause)}; computing without waiting for other processes`)
    return undefined
  }
}

function settle(outcome: Outcome, status: 'executed' | 'cached', key: string, started: number, logs: string[]): StageResult {
  if (outcome instanceof StageError) return { status: 'failed', key, durationMs: performance.now() - started, error: outcome, logs }
  return completed(status, key, outcome.entry, started, outcome.remote)
}

async function produce(stage: AnyStage, key: string, input: ComputeInput): Promise<Entry | StageError> {
  const evaluated = await evaluate(stage, input)
  if (evaluated instanceof StageError) return evaluated
  try {
    forget(input.cache, key)
    await input.cache.set(key, evaluated.bytes)
  } catch (cause) {
    input.onWarning?.(`[butterfly] [cache:${input.cache.name}] could not store stage "${stage.name}" (${key.slice(0, 12)}…): ${message(cause)}; continuing uncached`)
  }
  return evaluated.entry
}

async function selfCheck(stage: AnyStage, key: string, cached: Entry, input: ComputeInput): Promise<void> {
  const fresh = await evaluate(stage, input)
  if (fresh instanceof StageError) input.onWarning?.(selfCheckFailed(stage.name, key, fresh))
  else if (fresh.entry.hash !== cached.hash) input.onWarning?.(selfCheckWarning(stage.name, key, cached.hash, fresh.entry.hash))
}

/** Runs, validates and encodes a stage; stores nothing. */
async function evaluate(stage: AnyStage, input: ComputeInput): Promise<{ bytes: Uint8Array; entry: Entry } | StageError> {
  const ran = await runStageOnce(stage, input.params, input.inputs, input.makeCtx())
  if (ran.status === 'failed') return ran.error
  let bytes: Uint8Array
  try {
    const schema = input.fingerprint?.(stage).schema
    bytes = encodeEntry({ stage: stage.name, usage: input.usage, logs: input.logs, ...(schema ? { schema } : {}) }, encodeOutput(ran.output))
  } catch (cause) {
    return new StageError(stage.name, `[butterfly] stage "${stage.name}" returned an output that cannot be stored: ${message(cause)}`, { cause })
  }
  // The caller gets the output as a later run reads it back, so a first run and a cached one never differ.
  return { bytes, entry: toEntry(decodeEntry(bytes)!) }
}

function toEntry(read: ReadEntry, parsed?: { value: unknown }): Entry {
  const { header } = read
  let value = parsed
  const parse = (): unknown => {
    try {
      return read.parse()
    } catch (cause) {
      if (cause instanceof StageError) throw cause
      throw new StageError(header.stage, `[butterfly] the cached output of stage "${header.stage}" (${header.hash.slice(0, 12)}…) cannot be parsed: ${message(cause)}; clear the cache entry (npx vitest-butterfly cache clear)`, { cause })
    }
  }
  return { stage: header.stage, hash: header.hash, usage: header.usage, logs: header.logs, output: () => (value ??= { value: parse() }).value }
}

// Entries this process read, checked and accepted, by store: a sweep reads the
// same upstream entry once per run (tens of times), and bytes that passed their
// hash check once are the same bytes the next time. Entries accepted under
// today's schema code are kept (written under it, or validated by it in this
// process), bounded by their size.
const accepted = new WeakMap<CacheStore, Map<string, { entry: ReadEntry; schema: string; size: number }>>()
const ACCEPTED_BYTES = 64 * 1024 * 1024
const acceptedBytes = new WeakMap<CacheStore, { total: number }>()

function forget(cache: CacheStore, key: string): void {
  const kept = accepted.get(cache)?.get(key)
  if (!kept) return
  accepted.get(cache)!.delete(key)
  acceptedBytes.get(cache)!.total -= kept.size
}

function remember(cache: CacheStore, key: string, entry: ReadEntry, schema: string, size: number): void {
  let kept = accepted.get(cache)
  if (!kept) {
    accepted.set(cache, (kept = new Map()))
    acceptedBytes.set(cache, { total: 0 })
  }
  const bytes = acceptedBytes.get(cache)!
  forget(cache, key)
  kept.set(key, { entry, schema, size })
  bytes.total += size
  for (const [old, { size: s }] of kept) {
    if (bytes.total <= ACCEPTED_BYTES) break
    kept.delete(old)
    bytes.total -= s
  }
}

// An entry this process already read and accepted under today's schema code, if any.
function acceptedEntry(cache: CacheStore, key: string, of: AnyStage, schema: string | undefined): Entry | undefined {
  const kept = accepted.get(cache)?.get(key)
  return kept && schema !== undefined && kept.schema === schema && kept.entry.header.stage === of.name ? toEntry(kept.entry) : undefined
}

// An entry the store's index vouches for, served from its header alone: the
// output is read (and hash-checked by the store) when something reads it. Only
// for entries validated by today's schema code, like the accepted ones;
// anything else (no index record, another format or schema, a damaged
// header) goes the full read's way, which checks and warns.
function indexedEntry(cache: CacheStore, key: string, of: AnyStage, schema: string | undefined): Entry | undefined {
  if (schema === undefined || !cache.peek) return undefined
  let peeked: ReturnType<NonNullable<CacheStore['peek']>>
  let header: ReturnType<typeof decodeHeader>
  try {
    peeked = cache.peek(key)
    header = peeked && decodeHeader(peeked.head)
  } catch {
    return undefined
  }
  if (!peeked || !header || header.stage !== of.name || header.schema !== schema) return undefined
  const { payload } = peeked
  let body: Uint8Array | undefined
  const entry: ReadEntry = entryOf(header, () => {
    if (body) return body
    const bytes = payload()
    // This process serves a remembered entry without asking the store again: one whose
    // payload is gone must be forgotten (or every later run of the process would fail
    // on it), and one read is held like an entry read in full (later runs no longer
    // depend on the file, which a prune or clear may remove).
    const kept = accepted.get(cache)?.get(key)?.entry === entry
    if (!bytes) {
      if (kept) forget(cache, key)
      throw new StageError(header.stage, `[butterfly] the cached output of stage "${header.stage}" (${header.hash.slice(0, 12)}…) is gone: its entry changed or vanished after the cache index vouched for it (removed, replaced or damaged since this run resolved the stage); the next run recomputes it`)
    }
    // The store checked that the payload's first line is the indexed header; the output follows it.
    body = bytes.subarray(bytes.indexOf(0x0a) + 1)
    if (kept) remember(cache, key, entry, schema, bytes.byteLength)
    return body
  })
  remember(cache, key, entry, schema, peeked.head.length)
  return toEntry(entry)
}

async function read(cache: CacheStore, key: string, of: AnyStage, warn: ComputeInput['onWarning'], fingerprint?: StageFingerprint): Promise<Found | undefined> {
  const stage = of.name
  const schema = fingerprint?.(of).schema
  const kept = acceptedEntry(cache, key, of, schema) ?? indexedEntry(cache, key, of, schema)
  // Local: a two-tier store copied a remote entry into its local tier, where this read would find it.
  if (kept) return { from: 'cache', entry: kept }
  let bytes: Uint8Array | undefined
  try {
    bytes = await cache.get(key)
  } catch (cause) {
    // An unreadable store degrades to an uncached run, like an unwritable one.
    warn?.(`[butterfly] [cache:${cache.name}] could not read stage "${stage}" (${key.slice(0, 12)}…): ${message(cause)}; recomputing`)
    return undefined
  }
  if (!bytes) return undefined
  let decoded: ReturnType<typeof decodeEntry>
  try {
    decoded = decodeEntry(bytes)
    // Another format version (an older or newer vitest-butterfly on a shared cache) is no integrity problem.
    if (!decoded) return undefined
    if (decoded.header.stage !== stage) throw new Error('unexpected entry shape')
  } catch (cause) {
    warn?.(`[butterfly] [cache:${cache.name}] entry ${key.slice(0, 12)}… of stage "${stage}" is unreadable (${message(cause)}); recomputing`)
    forget(cache, key)
    await cache.delete(key).catch(() => {})
    return undefined
  }
  // An entry can be intact and still wrong for today's stage (its schema was
  // tightened under a declared `version`, or the entry was written by hand):
  // a cached output is served only if the stage would accept it. An entry
  // validated by the same schema code (same fingerprint) is not parsed here:
  // its output is parsed when something reads it.
  let parsed: { value: unknown } | undefined
  if (schema === undefined || decoded.header.schema !== schema) {
    try {
      parsed = { value: decoded.parse() }
    } catch (cause) {
      warn?.(`[butterfly] [cache:${cache.name}] entry ${key.slice(0, 12)}… of stage "${stage}" is unreadable (${message(cause)}); recomputing`)
      await cache.delete(key).catch(() => {})
      return undefined
    }
    const checked = await validateWith(of.output, parsed.value)
    if (checked.status === 'invalid') {
      const first = checked.issues[0]!
      warn?.(`[butterfly] [cache:${cache.name}] cached output of stage "${stage}" (${key.slice(0, 12)}…) does not match the stage's output schema at ${first.path}: ${first.message}; recomputing`)
      return undefined
    }
  }
  const entry = toEntry(decoded, parsed)
  const remote = cache.tierOf?.(bytes) === 'remote'
  // Accepted under today's schema code either way: an entry written before the stage's module
  // changed (under a declared `version`) is validated once per process, not once per run of a sweep.
  if (schema !== undefined) remember(cache, key, decoded, schema, bytes.byteLength)
  return { from: 'cache', entry, ...(remote ? { remote: true as const } : {}) }
}

function completed(status: 'executed' | 'cached', key: string, entry: Entry, started: number, remote?: true): StageResult {
  // Parsed on first read: a warm run that only needs the hash (the key of the
  // next stage, a memoised measurement) never parses the output.
  let set: { value: unknown } | undefined
  return {
    ...(remote && status === 'cached' ? { remote } : {}),
    status, key, hash: entry.hash, durationMs: performance.now() - started,
    get output(): unknown {
      return (set ??= { value: entry.output() }).value
    },
    set output(value: unknown) {
      set = { value }
    },
    usage: { calls: entry.usage?.calls ?? 0, promptTokens: entry.usage?.promptTokens ?? 0, completionTokens: entry.usage?.completionTokens ?? 0 },
    logs: entry.logs ?? [], perturbed: false,
  }
}

function fail(stage: AnyStage, key: string | undefined, started: number, logs: string[], text: string, cause: unknown): StageResult {
  return { status: 'failed', ...(key ? { key } : {}), durationMs: performance.now() - started, error: new StageError(stage.name, text, { cause }), logs }
}

const message = causeMessage

/**
 * The output a stage stored under `key`, read and checked as a cache hit of
 * {@link computeStage} would be; `undefined` when no usable entry is there.
 * Attribution reads a baseline's upstream outputs this way, by the keys the
 * baseline recorded.
 */
export async function readStageOutput(
  stage: AnyStage, key: string, cache: CacheStore, onWarning?: (message: string) => void, fingerprint?: StageFingerprint,
): Promise<{ output: unknown; hash: string } | undefined> {
  const found = await read(cache, key, stage, onWarning, fingerprint)
  return found ? { output: found.entry.output(), hash: found.entry.hash } : undefined
}
