import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { getEventListeners } from 'node:events'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { CallOptions, CallSite, CompletionRequest, CompletionResult, LlmProvider, Usage } from '../core/llm.ts'
import type { AnyPipeline } from '../core/pipeline.ts'
import { CassetteError, ProviderError } from '../errors.ts'
import { createLlmClientFactory } from './client.ts'
import type { LlmCallEvent } from './client.ts'
import { tempDir as makeTempDir } from '../../test/support/temp-dir.ts'

/** A fake provider: answers `<prompt>#<n>` where n counts calls, so a replay is visible as an old n. */
function fake(options: { network?: boolean; kind?: string; delayMs?: number; fail?: unknown[]; result?: unknown } = {}) {
  const state = { calls: 0, inFlight: 0, maxInFlight: 0 }
  const provider: LlmProvider = {
    kind: options.kind ?? 'fake',
    network: options.network ?? true,
    async complete(r: CompletionRequest, o?: CallOptions): Promise<CompletionResult> {
      state.calls++
      state.inFlight++
      state.maxInFlight = Math.max(state.maxInFlight, state.inFlight)
      try {
        if (options.delayMs) {
          await new Promise<void>((resolve, reject) => {
            const t = setTimeout(resolve, options.delayMs)
            o?.signal?.addEventListener('abort', () => { clearTimeout(t); reject(o.signal!.reason) })
          })
        }
        const e = options.fail?.[state.calls - 1]
        if (e) throw e
        if (options.result) return options.result as CompletionResult
        return { text: `${r.prompt}#${state.calls}`, usage: { promptTokens: 10, completionTokens: 5 }, finishReason: 'stop', model: r.model }
      } finally {
        state.inFlight--
      }
    },
  }
  return { provider, state }
}

const pipelineOf = (models: Record<string, LlmProvider>): AnyPipeline => ({ name: 'pipe', stages: [], models } as unknown as AnyPipeline)
const site = (signal = new AbortController().signal, sample = 0): CallSite => ({ pipeline: 'pipe', stage: 'answer', sample, seed: 7, signal })
const tempDir = async (): Promise<string> => makeTempDir('butterfly-client-')

afterEach(() => vi.unstubAllEnvs())

describe('createLlmClientFactory', () => {
  it('names the stage and the known models when a model id is unknown', async () => {
    const llm = createLlmClientFactory(pipelineOf({ a: fake().provider }), { mode: 'off' })(site(), () => {})
    await expect(llm.complete({ model: 'b', prompt: 'x' })).rejects.toThrow(ProviderError)
    await expect(llm.complete({ model: 'b', prompt: 'x' })).rejects.toThrow(/stage "answer" called model "b", which is not in pipeline "pipe"'s models \(a\)/)
    await expect(llm.chat({ model: 'a', messages: [] })).rejects.toThrow(/has no chat\(\)/)
  })

  it('auto records a network call once and replays it afterwards; usage and cost are reported each time', async () => {
    const cassetteDir = await tempDir()
    const { provider, state } = fake()
    const events: LlmCallEvent[] = []
    const usages: Usage[] = []
    const options = { mode: 'auto' as const, cassetteDir, prices: { m: { input: 1, output: 2 } }, onCall: (e: LlmCallEvent) => events.push(e) }
    const first = await createLlmClientFactory(pipelineOf({ m: provider }), options)(site(), (u) => usages.push(u)).complete({ model: 'm', prompt: 'hi', seed: 1 })
    const second = await createLlmClientFactory(pipelineOf({ m: provider }), options)(site(), (u) => usages.push(u)).complete({ model: 'm', prompt: 'hi', seed: 1 })
    expect(state.calls).toBe(1)
    expect(second).toEqual(first)
    expect(first.text).toBe('hi#1')
    expect(events.map((e) => e.source)).toEqual(['recorded', 'cassette'])
    expect(usages).toEqual([{ promptTokens: 10, completionTokens: 5, cost: 20 / 1e6 }, { promptTokens: 10, completionTokens: 5, cost: 20 / 1e6 }])
    expect(await readdir(join(cassetteDir, 'pipe'))).toEqual([`${events[0]!.digest}.json`])
  })

  it('identical calls within one stage execution, and other samples, are separate recordings', async () => {
    const cassetteDir = await tempDir()
    const { provider, state } = fake()
    const make = createLlmClientFactory(pipelineOf({ m: provider }), { mode: 'auto', cassetteDir })
    const llm = make(site(), () => {})
    const texts = [await llm.complete({ model: 'm', prompt: 'q' }), await llm.complete({ model: 'm', prompt: 'q' })].map((r) => r.text)
    expect(texts).toEqual(['q#1', 'q#2'])
    expect((await make(site(undefined, 1), () => {}).complete({ model: 'm', prompt: 'q' })).text).toBe('q#3')
    const again = make(site(), () => {})
    expect([(await again.complete({ model: 'm', prompt: 'q' })).text, (await again.complete({ model: 'm', prompt: 'q' })).text]).toEqual(['q#1', 'q#2'])
    expect(state.calls).toBe(3)
    expect(await readdir(join(cassetteDir, 'pipe'))).toHaveLength(3)
  })

  it('replay without a recording fails naming stage, model, digest and the command; CI selects replay', async () => {
    vi.stubEnv('CI', 'true')
    vi.stubEnv('BUTTERFLY_LLM_MODE', '')
    const { provider, state } = fake({ kind: 'openai' })
    const llm = createLlmClientFactory(pipelineOf({ 'gpt-x': provider }), { cassetteDir: await tempDir() })(site(), () => {})
    const error = await llm.complete({ model: 'gpt-x', prompt: 'hi' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(CassetteError)
    expect((error as Error).message).toMatch(/stage "answer" called model "gpt-x" \(openai\) with request [0-9a-f]{12} \(sample 0\), which has no recording at .*pipe[\\/][0-9a-f]{64}\.json; the mode is replay because CI is set/)
    expect((error as Error).message).toContain('BUTTERFLY_LLM_MODE=auto npx vitest run')
    expect(state.calls).toBe(0)
  })

  it('local providers are called, not recorded, unless record is "all"; a replay miss for them is no error', async () => {
    const cassetteDir = await tempDir()
    const { provider, state } = fake({ network: false })
    await createLlmClientFactory(pipelineOf({ l: provider }), { mode: 'auto', cassetteDir })(site(), () => {}).complete({ model: 'l', prompt: 'a' })
    await createLlmClientFactory(pipelineOf({ l: provider }), { mode: 'replay', cassetteDir })(site(), () => {}).complete({ model: 'l', prompt: 'a' })
    expect(state.calls).toBe(2)
    expect(await readdir(cassetteDir)).toEqual([])
    const all = createLlmClientFactory(pipelineOf({ l: provider }), { mode: 'auto', cassetteDir, record: 'all' })
    await all(site(), () => {}).complete({ model: 'l', prompt: 'a' })
    await all(site(), () => {}).complete({ model: 'l', prompt: 'a' })
    expect(state.calls).toBe(3)
    expect(await readdir(join(cassetteDir, 'pipe'))).toHaveLength(1)
  })

  it('retries a failing provider and reports each retry', async () => {
    const { provider, state } = fake({ fail: [Object.assign(new Error('busy'), { status: 503 })] })
    const retries: unknown[] = []
    const llm = createLlmClientFactory(pipelineOf({ m: provider }), { mode: 'off', retries: { baseDelayMs: 1 }, onRetry: (e) => retries.push([e.stage, e.model, e.status]) })(site(), () => {})
    expect((await llm.complete({ model: 'm', prompt: 'x' })).text).toBe('x#2')
    expect(state.calls).toBe(2)
    expect(retries).toEqual([['answer', 'm', 503]])
  })

  it('a provider result without text is an error, not empty text', async () => {
    const { provider } = fake({ result: { usage: { promptTokens: 1, completionTokens: 0 }, finishReason: 'stop', model: 'm' } })
    const llm = createLlmClientFactory(pipelineOf({ m: provider }), { mode: 'off' })(site(), () => {})
    await expect(llm.complete({ model: 'm', prompt: 'x' })).rejects.toThrow(/stage "answer" model "m" \(fake\) returned a result that has no text/)
  })

  it('limits calls in flight per model across clients, and an abort rejects running and queued calls', async () => {
    const { provider, state } = fake({ delayMs: 5 })
    const make = createLlmClientFactory(pipelineOf({ m: provider }), { mode: 'off', concurrency: { m: 2 } })
    await Promise.all(Array.from({ length: 8 }, (_, i) => make(site(), () => {}).complete({ model: 'm', prompt: `p${i}` })))
    expect(state.maxInFlight).toBe(2)

    const controller = new AbortController()
    const slow = fake({ delayMs: 60_000 })
    const llm = createLlmClientFactory(pipelineOf({ m: slow.provider }), { mode: 'off', concurrency: 1 })(site(controller.signal), () => {})
    const calls = [llm.complete({ model: 'm', prompt: 'a' }), llm.complete({ model: 'm', prompt: 'b' })]
    setTimeout(() => controller.abort(), 1)
    for (const c of calls) await expect(c).rejects.toMatchObject({ name: 'AbortError' })
    expect(slow.state.calls).toBe(1)
  })

  it('32 calls on one signal (queued, running, backing off) add at most one abort listener to it and no MaxListenersExceededWarning', async () => {
    const warnings: Error[] = []
    const onWarning = (w: Error): void => void warnings.push(w)
    process.on('warning', onWarning)
    try {
      const controller = new AbortController()
      // Every prompt fails once, so that its call also waits out a backoff on the signal.
      const seen = new Set<string>()
      const state = { calls: 0 }
      const provider: LlmProvider = {
        kind: 'flaky',
        network: true,
        async complete(r: CompletionRequest): Promise<CompletionResult> {
          state.calls++
          await new Promise((resolve) => setTimeout(resolve, 2))
          if (!seen.has(r.prompt)) {
            seen.add(r.prompt)
            throw Object.assign(new Error('busy'), { status: 503 })
          }
          return { text: `${r.prompt}#${state.calls}`, usage: { promptTokens: 1, completionTokens: 1 }, finishReason: 'stop', model: r.model }
        },
      }
      const llm = createLlmClientFactory(pipelineOf({ m: provider }), { mode: 'off', concurrency: 8, retries: { attempts: 2, baseDelayMs: 20 } })(site(controller.signal), () => {})
      const pending = Promise.all(Array.from({ length: 32 }, (_, i) => llm.complete({ model: 'm', prompt: `p${i}` })))
      expect(getEventListeners(controller.signal, 'abort').length).toBeLessThanOrEqual(1)
      const results = await pending
      expect(results.map((r) => r.text.split('#')[0])).toEqual(Array.from({ length: 32 }, (_, i) => `p${i}`))
      expect(state.calls).toBe(64)
      expect(getEventListeners(controller.signal, 'abort').length).toBeLessThanOrEqual(1)
      await new Promise((resolve) => setImmediate(resolve))
      expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning').map((w) => w.message)).toEqual([])
    } finally {
      process.off('warning', onWarning)
    }
  })
})
