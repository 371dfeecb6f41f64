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

// One 'abort' listener per signal, however many calls wait on it: a run's
// signal is shared by all its calls, and a listener per call trips Node's
// MaxListenersExceededWarning past 10. The listener stays for the signal's
// lifetime; each call removes its own entry when it settles.
const waiting = new WeakMap<AbortSignal, Set<() => void>>()

function onAbort(signal: AbortSignal, fn: () => void): () => void {
  let callbacks = waiting.get(signal)
  if (!callbacks) {
    const fresh = new Set<() => void>()
    waiting.set(signal, (callbacks = fresh))
    signal.addEventListener('abort', () => {
      for (const f of fresh) f()
      fresh.clear()
    }, { once: true })
  }
  callbacks.add(fn)
  return () => void callbacks.delete(fn)
}

/**
 * Runs `fn` under `limit`, but rejects with `signal.reason` as soon as
 * `signal` aborts, also while the call is still queued (the queued job then
 * returns at once without calling `fn`). `fn` gets a signal of its own that
 * aborts with `signal`: whatever it listens on (backoff waits, the HTTP
 * request) adds no listener to the shared `signal`, and is released with it.
 */
export function runLimited<T>(limit: LimitFunction, signal: AbortSignal, fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  signal.throwIfAborted()
  const call = new AbortController()
  return new Promise<T>((resolve, reject) => {
    const release = onAbort(signal, () => {
      call.abort(signal.reason)
      reject(signal.reason)
    })
    limit(() => {
      signal.throwIfAborted()
      return fn(call.signal)
    }).then(
      (v) => { release(); resolve(v) },
      (e: unknown) => { release(); reject(e) },
    )
  })
}
