import { StageError } from '../errors.ts'
import type { CacheStore } from './cache-store.ts'
import type { StageContext } from './context.ts'
import { hashValue, sha256, stableStringify } from './hash.ts'
import type { StageResult, StageUsage } from './result.ts'
import type { AnyStage } from './stage.ts'
import { causeMessage, runStageOnce } from './run-stage.ts'
import type { LlmProvider } from './llm.ts'

/** What {@link computeStage} needs besides the stage. */
export interface ComputeInput {
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
}

interface Entry {
  v: 1
  stage: string
  hash: string
  output: unknown
  usage: StageUsage
  logs: string[]
}

const encoder = new TextEncoder()
const decoder = new TextDecoder()

// Several runs in one process (the samples and variants of a sweep) often need
// the same entry at once; sharing the in-flight lookup-or-computation keeps
// every stage executed exactly once per key. The cache read is part of the
// shared job: a read that started before another run stored the entry could
// otherwise miss it after that run's job had already left the map.
const inflight = new WeakMap<CacheStore, Map<string, Promise<Outcome>>>()

type Outcome = { from: 'cache' | 'run'; entry: Entry } | StageError

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
 * The cache key of a stage for given params, input hashes, sample and seed.
 * Stochastic stages (the ones that may call models) also key the identity of
 * the pipeline's models, so another model behind the same id is a new entry.
 */
export function stageKey(stage: AnyStage, params: unknown, inputHashes: Record<string, string>, sample: number, seed: number, models: Record<string, unknown> = {}): string {
  const slice = stage.params ? stage.params(params) : undefined
  return hashValue({
    stage: stage.name,
    version: stageVersion(stage),
    params: slice ?? null,
    inputs: inputHashes,
    ...(stage.stochastic ? { sample, seed, ...(Object.keys(models).length ? { models } : {}) } : {}),
  })
}

/** Serves one stage from the cache or computes, validates and stores it. */
export async function computeStage(stage: AnyStage, input: ComputeInput): Promise<StageResult> {
  const started = performance.now()
  let key: string | undefined
  try {
    key = stageKey(stage, input.params, input.inputHashes, input.sample, input.seed, input.models)
  } catch (cause) {
    return fail(stage, undefined, started, input.logs, `[butterfly] stage "${stage.name}" could not select its params slice: ${message(cause)}`, cause)
  }
  let pending = inflight.get(input.cache)
  if (!pending) inflight.set(input.cache, (pending = new Map()))
  const shared = pending.get(key)
  if (shared) return settle(await shared, 'cached', key, started, input.logs)
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
  const cached = await read(input.cache, key, stage.name, input.onWarning)
  if (cached) return { from: 'cache', entry: cached }
  const produced = await produce(stage, key, input)
  return produced instanceof StageError ? produced : { from: 'run', entry: produced }
}

function settle(outcome: Outcome, status: 'executed' | 'cached', key: string, started: number, logs: string[]): StageResult {
  if (outcome instanceof StageError) return { status: 'failed', key, durationMs: performance.now() - started, error: outcome, logs }
  return completed(status, key, outcome.entry, started)
}

async function produce(stage: AnyStage, key: string, input: ComputeInput): Promise<Entry | StageError> {
  const ran = await runStageOnce(stage, input.params, input.inputs, input.makeCtx())
  if (ran.status === 'failed') return ran.error
  let bytes: Uint8Array
  let hash: string
  try {
    const text = stableStringify(ran.output)
    hash = sha256(text)
    const entry: Entry = { v: 1, stage: stage.name, hash, output: ran.output, usage: input.usage, logs: input.logs }
    bytes = encoder.encode(stableStringify(entry))
  } catch (cause) {
    return new StageError(stage.name, `stage "${stage.name}" returned an output that cannot be serialised as JSON: ${message(cause)}`, { cause })
  }
  const entry = JSON.parse(decoder.decode(bytes)) as Entry
  try {
    await input.cache.set(key, bytes)
  } catch (cause) {
    input.onWarning?.(`[butterfly] [cache:${input.cache.name}] could not store stage "${stage.name}" (${key.slice(0, 12)}…): ${message(cause)}; continuing uncached`)
  }
  return { ...entry, hash }
}

async function read(cache: CacheStore, key: string, stage: string, warn: ComputeInput['onWarning']): Promise<Entry | undefined> {
  let bytes: Uint8Array | undefined
  try {
    bytes = await cache.get(key)
  } catch (cause) {
    // An unreadable store degrades to an uncached run, like an unwritable one.
    warn?.(`[butterfly] [cache:${cache.name}] could not read stage "${stage}" (${key.slice(0, 12)}…): ${message(cause)}; recomputing`)
    return undefined
  }
  if (!bytes) return undefined
  try {
    const entry = JSON.parse(decoder.decode(bytes)) as Entry
    if (entry?.v !== 1 || entry.stage !== stage || typeof entry.hash !== 'string' || !('output' in entry)) throw new Error('unexpected entry shape')
    return entry
  } catch (cause) {
    warn?.(`[butterfly] [cache:${cache.name}] entry ${key.slice(0, 12)}… of stage "${stage}" is unreadable (${message(cause)}); recomputing`)
    return undefined
  }
}

function completed(status: 'executed' | 'cached', key: string, entry: Entry, started: number): StageResult {
  return {
    status, key, hash: entry.hash, output: entry.output, durationMs: performance.now() - started,
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
  stage: AnyStage, key: string, cache: CacheStore, onWarning?: (message: string) => void,
): Promise<{ output: unknown; hash: string } | undefined> {
  const entry = await read(cache, key, stage.name, onWarning)
  return entry ? { output: entry.output, hash: entry.hash } : undefined
}
