import type { Llama, LlamaCompletion, LlamaContextSequence, LlamaModel } from 'node-llama-cpp'
import { importOptional } from './optional-import.ts'

/** A loaded model with its one context sequence; generations on it run one at a time. */
export interface LocalEngine {
  model: LlamaModel
  sequence: LlamaContextSequence
  completion: LlamaCompletion
  /** Tail of the queue of generations. */
  tail: Promise<unknown>
}

interface SharedState {
  llama?: Promise<Llama>
  engines: Map<string, Promise<LocalEngine>>
}

// On globalThis so that test runners that re-import modules per file (Vitest)
// still load the native binding and each model once per process.
const STATE = Symbol.for('vitest-butterfly.local-llama')

function shared(): SharedState {
  const g = globalThis as { [STATE]?: SharedState }
  return (g[STATE] ??= { engines: new Map() })
}

const loadBindings = () => importOptional(() => import('node-llama-cpp'), {
  name: 'node-llama-cpp', install: 'npm install -D node-llama-cpp@3.21.1', neededBy: 'local()',
})

async function llama(): Promise<Llama> {
  const state = shared()
  state.llama ??= loadBindings().then(({ getLlama, LlamaLogLevel }) =>
    // One thread: on small shared machines more threads livelock or crawl, and the output does not depend on it.
    // build: 'never' so that a missing prebuilt binary fails instead of downloading and compiling llama.cpp.
    getLlama({ gpu: false, maxThreads: 1, build: 'never', logLevel: LlamaLogLevel.error, progressLogs: false }))
  try {
    return await state.llama
  } catch (error) {
    state.llama = undefined
    throw error
  }
}

/**
 * The engine of a model file, loaded on first use and shared by every
 * `local()` provider of the process that names the same file and context size.
 */
export function engineFor(path: string, contextSize: number | undefined): Promise<LocalEngine> {
  const state = shared()
  const key = `${path}\u0000${contextSize ?? 'default'}`
  let engine = state.engines.get(key)
  if (!engine) {
    engine = (async (): Promise<LocalEngine> => {
      const [ll, { LlamaCompletion }] = await Promise.all([llama(), loadBindings()])
      const model = await ll.loadModel({ modelPath: path })
      const context = await model.createContext({
        threads: 1,
        sequences: 1,
        contextSize: contextSize ?? Math.min(model.trainContextSize, 4096),
      })
      const sequence = context.getSequence()
      return { model, sequence, completion: new LlamaCompletion({ contextSequence: sequence }), tail: Promise.resolve() }
    })()
    state.engines.set(key, engine)
    engine.catch(() => state.engines.delete(key))
  }
  return engine
}

/**
 * Runs `job` after every generation queued before it (a context sequence
 * generates one completion at a time). A call aborted while waiting rejects
 * at once and its job is skipped.
 */
export function enqueue<T>(engine: LocalEngine, signal: AbortSignal | undefined, job: () => Promise<T>): Promise<T> {
  const run = engine.tail.then(() => {
    signal?.throwIfAborted()
    return job()
  })
  engine.tail = run.catch(() => undefined)
  if (!signal) return run
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason)
    signal.addEventListener('abort', onAbort, { once: true })
    run.then(
      (v) => { signal.removeEventListener('abort', onAbort); resolve(v) },
      (e: unknown) => { signal.removeEventListener('abort', onAbort); reject(e) },
    )
  })
}
