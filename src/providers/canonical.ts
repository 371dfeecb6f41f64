import type { ChatRequest, CompletionRequest, LlmProvider } from '../core/llm.ts'
import { hashValue } from '../core/hash.ts'

/** Which provider method a call used. */
export type CallKind = 'complete' | 'chat'

/**
 * A provider that can say what stands behind it (e.g. the upstream model
 * name), so that two providers of the same kind never share recordings.
 */
export interface IdentifiedProvider extends LlmProvider {
  /** Part of the cassette key and of stochastic stages' cache keys; keep it free of secrets and machine paths. */
  identity?: Record<string, string | number | boolean>
}

/**
 * The request as recorded and hashed: everything that can change the answer,
 * and nothing else (no headers, keys or call options).
 */
export interface CanonicalRequest {
  v: 1
  /** The provider's `kind`. */
  provider: string
  identity: Record<string, string | number | boolean>
  call: CallKind
  /** Model id as the pipeline names it. */
  model: string
  /** Prompt or messages, every sampling param and any extra field the stage passed; `undefined` fields dropped. */
  request: Record<string, unknown>
  /** Sample index of the run. */
  sample: number
  /** 0 for the first identical request in a stage execution, 1 for the second, ... */
  occurrence: number
}

/** Builds the canonical form of one call. */
export function canonicalRequest(
  provider: IdentifiedProvider, call: CallKind, request: CompletionRequest | ChatRequest, sample: number, occurrence: number,
): CanonicalRequest {
  const { model, ...rest } = request
  const body: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(rest)) if (v !== undefined) body[k] = v
  return { v: 1, provider: provider.kind, identity: provider.identity ?? {}, call, model, request: body, sample, occurrence }
}

/**
 * sha256 of the canonical request (stable key order), the cassette key.
 *
 * @example
 * requestDigest(canonicalRequest(p, 'complete', { model: 'm', prompt: 'hi', seed: 1 }, 0, 0)) // 64 hex chars
 */
export function requestDigest(request: CanonicalRequest): string {
  return hashValue(request)
}

/** The first 12 hex characters of a digest, for messages. */
export function shortDigest(digest: string): string {
  return digest.slice(0, 12)
}
