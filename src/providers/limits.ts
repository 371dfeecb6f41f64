import pLimit from 'p-limit'
import type { LimitFunction } from 'p-limit'
import type { LlmProvider } from '../core/llm.ts'

// Keyed by provider object and model id, not by run: the samples and variants
// of a sweep are separate runs in one process and must share one limit.
const limiters = new WeakMap<LlmProvider, Map<string, LimitFunction>>()

/** The default limit of a provider that declares none. */
export function defaultConcurrency(provider: LlmProvider): number {
  return provider.concurrency ?? (provider.network ? 8 : Number.POSITIVE_INFINITY)
}

/**
 * The limiter of one model of one provider, created on first use and shared
 * by every run of the process.
 */
export function limiterFor(provider: LlmProvider, model: string, concurrency: number): LimitFunction {
  let byModel = limiters.get(provider)
  if (!byModel) limiters.set(provider, (byModel = new Map()))
  const n = Number.isFinite(concurrency) ? Math.max(1, Math.floor(concurrency)) : Number.POSITIVE_INFINITY
  const key = `${model}\u0000${n}`
  let limit = byModel.get(key)
  if (!limit) byModel.set(key, (limit = pLimit(n)))
  return limit
}

/**
 * Runs `fn` under `limit`, but rejects with `signal.reason` as soon as
 * `signal` aborts, also while the call is still queued (the queued job then
 * returns at once without calling `fn`).
 */
export function runLimited<T>(limit: LimitFunction, signal: AbortSignal, fn: () => Promise<T>): Promise<T> {
  signal.throwIfAborted()
  const job = limit(() => {
    signal.throwIfAborted()
    return fn()
  })
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason)
    signal.addEventListener('abort', onAbort, { once: true })
    job.then(
      (v) => { signal.removeEventListener('abort', onAbort); resolve(v) },
      (e: unknown) => { signal.removeEventListener('abort', onAbort); reject(e) },
    )
  })
}
