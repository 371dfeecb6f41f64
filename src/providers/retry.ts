import { ProviderError } from '../errors.ts'
import { redactError } from '../core/redact.ts'
import { classifyFailure } from './failure.ts'
import type { Failure, RetryReason } from './failure.ts'

/** How failed model calls are retried. */
export interface RetryOptions {
  /** Attempts in total, the first included. @default 4 */
  attempts?: number
  /** Backoff before the first retry; doubles per retry, with jitter. @default 500 */
  baseDelayMs?: number
  /** Largest backoff between attempts. @default 20_000 */
  maxDelayMs?: number
  /** Longest `Retry-After` honoured; a longer one fails at once instead of stalling the run. @default 60_000 */
  maxRetryAfterMs?: number
  /** Time limit of one attempt; exceeded counts as a timeout. @default 120_000 for network providers, none for others */
  timeoutMs?: number
}

/** The options resolved. */
export interface ResolvedRetryOptions {
  attempts: number
  baseDelayMs: number
  maxDelayMs: number
  maxRetryAfterMs: number
  timeoutMs: number | undefined
}

/** One retry about to happen. */
export interface RetryEvent {
  /** The attempt that failed, from 1. */
  attempt: number
  reason: RetryReason
  status?: number
  /** The wait before the next attempt: `Retry-After` when the server sent one, else backoff with jitter. */
  delayMs: number
  error: unknown
}

/** Resolves retry options; `false` means one attempt. */
export function resolveRetryOptions(options: RetryOptions | false | undefined, network: boolean): ResolvedRetryOptions {
  const o = options === false ? { attempts: 1 } : (options ?? {})
  const attempts = Math.max(1, Math.floor(o.attempts ?? 4))
  return {
    attempts,
    baseDelayMs: Math.max(0, o.baseDelayMs ?? 500),
    maxDelayMs: Math.max(0, o.maxDelayMs ?? 20_000),
    maxRetryAfterMs: Math.max(0, o.maxRetryAfterMs ?? 60_000),
    timeoutMs: o.timeoutMs ?? (network ? 120_000 : undefined),
  }
}

/**
 * Exponential backoff with "equal jitter": half of the capped delay is fixed,
 * the other half random, so retries of many parallel calls spread out.
 *
 * @example
 * backoffDelay(2, { baseDelayMs: 500, maxDelayMs: 20_000 }, () => 0) // 1000 (half of 2000)
 */
export function backoffDelay(retry: number, o: Pick<ResolvedRetryOptions, 'baseDelayMs' | 'maxDelayMs'>, random: () => number = Math.random): number {
  const cap = Math.min(o.maxDelayMs, o.baseDelayMs * 2 ** retry)
  return cap / 2 + random() * (cap / 2)
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason)
    const done = (): void => {
      signal.removeEventListener('abort', onAbort)
      resolve()
    }
    const onAbort = (): void => {
      clearTimeout(timer)
      reject(signal.reason)
    }
    const timer = setTimeout(done, ms)
    signal.addEventListener('abort', onAbort, { once: true })
  })
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/** Who is calling, for the final error. */
export interface RetryTarget {
  stage: string
  model: string
  kind: string
}

/**
 * Runs `attempt` until it succeeds, fails in a way not worth retrying, runs
 * out of attempts, or `signal` aborts (then `signal.reason` is thrown). Each
 * attempt gets a signal that also fires after `timeoutMs`.
 */
export async function withRetries<T>(
  attempt: (signal: AbortSignal) => Promise<T>,
  target: RetryTarget,
  options: ResolvedRetryOptions,
  signal: AbortSignal,
  onRetry?: (event: RetryEvent) => void,
): Promise<T> {
  const who = `stage "${target.stage}" model "${target.model}" (${target.kind})`
  const history: string[] = []
  for (let n = 1; ; n++) {
    signal.throwIfAborted()
    const timeout = options.timeoutMs !== undefined ? AbortSignal.timeout(options.timeoutMs) : undefined
    const attemptSignal = timeout ? AbortSignal.any([signal, timeout]) : signal
    let error: unknown
    try {
      return await attempt(attemptSignal)
    } catch (e) {
      // Where a provider's failure becomes ours: a server echoing the key in its body must not put it in a message.
      error = redactError(e)
    }
    if (signal.aborted) throw signal.reason
    const failure: Failure = timeout?.aborted ? { retryable: true, reason: 'timeout' } : classifyFailure(error)
    const label = failure.status !== undefined ? `${failure.status}` : failure.retryable ? failure.reason : 'error'
    history.push(label)
    if (!failure.retryable) {
      throw new ProviderError(`${who} failed (not retried: ${label}): ${describe(error)}`, { component: 'providers', cause: error })
    }
    if (failure.retryAfterMs !== undefined && failure.retryAfterMs > options.maxRetryAfterMs) {
      throw new ProviderError(
        `${who} was told to retry after ${Math.round(failure.retryAfterMs)} ms, more than maxRetryAfterMs ` +
        `${options.maxRetryAfterMs} ms; gave up after ${n} attempt(s) [${history.join(', ')}]: ${describe(error)}`, { component: 'providers', cause: error })
    }
    if (n >= options.attempts) {
      throw new ProviderError(
        `${who} failed after ${n} attempt(s) [${history.join(', ')}]; last error (${failure.reason}): ${describe(error)}`, { component: 'providers', cause: error })
    }
    const delayMs = failure.retryAfterMs ?? backoffDelay(n - 1, options)
    onRetry?.({ attempt: n, reason: failure.reason, ...(failure.status !== undefined ? { status: failure.status } : {}), delayMs, error })
    await sleep(delayMs, signal)
  }
}
