import { StageError } from '../errors.ts'
import type { CacheStore } from './cache-store.ts'
import { computeStage } from './compute.ts'
import type { StageFingerprint } from './compute.ts'
import { hashValue } from './hash.ts'
import { outputHash } from './output-codec.ts'
import type { CompletedStage, StageResult } from './result.ts'
import type { AnyStage } from './stage.ts'
import type { StageContext } from './context.ts'
import { validateWith } from './standard-schema.ts'

/** What a data perturbation sees besides the output. */
export interface TransformContext {
  stage: string
  /** Sample index of the run, so a shuffle can differ per sample yet repeat. */
  sample: number
  /** The run's derived seed for this sample. */
  seed: number
}

/**
 * A change applied to a stage's output before its dependents see it
 * (answer-option shuffles, reformatted prompts, dropped documents).
 */
export interface OutputTransform {
  /** Identifies the perturbation in reports (the changed output's hash keys downstream). */
  id: string
  apply: (output: unknown, ctx: TransformContext) => unknown
  /**
   * What identifies the transform across runs, when it declares a version:
   * the changed output is then memoised in the cache (by this, the input's
   * hash, the sample and the seed) and a later run reads it instead of
   * applying the transform again.
   * @default none: applied on every run
   */
  memo?: {
    /** The declared version (see `perturb.data`'s `version`). */
    version: string
    /** The source of the user's function. */
    source: string
    /** The module that declared the perturbation, when known: its code is part of the identity. */
    module?: string | undefined
  }
}

/** Where a memoised transform is stored, and how code is fingerprinted. */
export interface TransformMemo {
  cache: CacheStore
  pipeline: string
  fingerprint?: StageFingerprint | undefined
  moduleFingerprint?: ((module: string) => string) | undefined
  onWarning?: ((message: string) => void) | undefined
}

/** Applies a data perturbation to a completed stage result, checking the new output against the stage schema. */
export async function applyTransform(
  stage: AnyStage, result: CompletedStage, transform: OutputTransform, ctx: Omit<TransformContext, 'stage'>, memo?: TransformMemo,
): Promise<StageResult> {
  const identity = memo && transform.memo ? identityOf(transform.memo, memo.moduleFingerprint) : undefined
  if (memo && identity !== undefined) return memoised(stage, result, transform, ctx, memo, identity)
  const next = await changed(stage, result.output, transform, ctx)
  if (next instanceof StageError) return { status: 'failed', key: result.key, durationMs: result.durationMs, error: next, logs: result.logs }
  return { ...result, output: next, hash: outputHash(next), perturbed: true }
}

// The transformed output, validated, or the StageError naming the perturbation.
async function changed(stage: AnyStage, output: unknown, transform: OutputTransform, ctx: Omit<TransformContext, 'stage'>): Promise<unknown> {
  let next: unknown
  try {
    next = await transform.apply(structuredClone(output), { stage: stage.name, ...ctx })
  } catch (cause) {
    return new StageError(stage.name, `perturbation "${transform.id}" failed on the output of stage "${stage.name}": ${cause instanceof Error ? cause.message : String(cause)}`, { cause })
  }
  const checked = await validateWith(stage.output, next)
  if (checked.status === 'invalid') {
    const first = checked.issues[0]!
    return new StageError(stage.name, `perturbation "${transform.id}" made the output of stage "${stage.name}" invalid at ${first.path}: ${first.message}`)
  }
  return checked.value
}

// A declaration's code does not change while it lives: its module graph is hashed once per declaration.
const identities = new WeakMap<object, string | null>()

function identityOf(declared: NonNullable<OutputTransform['memo']>, fingerprint: TransformMemo['moduleFingerprint']): string | undefined {
  // Without the module's code the identity would rest on the version alone: not memoised.
  if (declared.module === undefined || !fingerprint) return undefined
  let id = identities.get(declared)
  if (id === undefined) {
    try {
      id = hashValue({ version: declared.version, source: declared.source, code: fingerprint(declared.module) })
    } catch {
      id = null
    }
    identities.set(declared, id)
  }
  return id ?? undefined
}

// The transform as a cached computation of its own: keyed by its identity,
// the input's output hash, the sample and the seed, stored like a stage's
// output (hash-verified, parsed only when read), through the one way a stage
// is computed.
async function memoised(
  stage: AnyStage, result: CompletedStage, transform: OutputTransform, ctx: Omit<TransformContext, 'stage'>, memo: TransformMemo, identity: string,
): Promise<StageResult> {
  const virtual: AnyStage = {
    name: stage.name, version: `data:${transform.id}:${identity}`, stochastic: true, output: stage.output,
    run: async () => {
      const next = await changed(stage, result.output, transform, ctx)
      if (next instanceof StageError) throw next
      return next
    },
  }
  const schema = memo.fingerprint?.(stage).schema
  const computed = await computeStage(virtual, {
    pipeline: `${memo.pipeline}#data`, params: undefined, inputs: {}, inputHashes: { output: result.hash }, sample: ctx.sample, seed: ctx.seed, models: {},
    cache: memo.cache, fingerprint: () => (schema ? { schema } : {}), makeCtx: () => ({}) as StageContext,
    usage: { calls: 0, promptTokens: 0, completionTokens: 0 }, logs: [], onWarning: memo.onWarning,
  })
  if (computed.status === 'failed' || computed.status === 'skipped') {
    const error = computed.status === 'failed' ? computed.error : new StageError(stage.name, `perturbation "${transform.id}" was skipped`)
    return { status: 'failed', key: result.key, durationMs: result.durationMs, error, logs: result.logs }
  }
  const out: CompletedStage = { ...withoutOutput(result), hash: computed.hash, perturbed: true, output: undefined }
  Object.defineProperty(out, 'output', { enumerable: true, configurable: true, get: () => computed.output, set: (value: unknown) => Object.defineProperty(out, 'output', { value, enumerable: true, writable: true, configurable: true }) })
  return out
}

// The fields of a result without reading its output (a getter that would parse it).
function withoutOutput(result: CompletedStage): Omit<CompletedStage, 'output'> {
  const { status, key, hash, durationMs, usage, logs, perturbed, remote } = result
  return { status, key, hash, durationMs, usage, logs, perturbed, ...(remote ? { remote } : {}) } as Omit<CompletedStage, 'output'>
}
