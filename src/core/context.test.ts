import { describe, expect, it } from 'vitest'
import { StageMisuseError } from '../errors.ts'
import type { ContextInit } from './context.ts'
import { createStageContext } from './context.ts'
import type { LlmClient } from './llm.ts'

const fakeLlm: LlmClient = {
  complete: async (r) => ({ text: r.prompt, usage: { promptTokens: 0, completionTokens: 0 }, finishReason: 'stop', model: r.model }),
  chat: async (r) => ({ text: '', usage: { promptTokens: 0, completionTokens: 0 }, finishReason: 'stop', model: r.model }),
}

function init(overrides: Partial<ContextInit> = {}): ContextInit {
  return {
    stage: 'demo', stochastic: false, sample: 2, seed: 1234,
    signal: new AbortController().signal, llm: () => fakeLlm, log: () => {}, ...overrides,
  }
}

/** Resolves when `release()` is called; lets a test hold tasks in flight deliberately. */
function gate(): { wait: Promise<void>; release: () => void } {
  let release!: () => void
  const wait = new Promise<void>((r) => (release = r))
  return { wait, release }
}

describe('guarded sample, seed and llm', () => {
  it.each(['sample', 'seed', 'llm'] as const)('ctx.%s throws a StageMisuseError in a stage not declared stochastic', (what) => {
    const ctx = createStageContext(init())
    let error: unknown
    try {
      void ctx[what]
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(StageMisuseError)
    expect((error as StageMisuseError).stage).toBe('demo')
    expect((error as Error).message).toBe(
      `[butterfly] stage "demo" used ctx.${what} but is not declared stochastic: true; ` +
        'declare it so that each sample is cached apart and its noise floor is measured',
    )
  })

  it('a stochastic stage sees its sample, seed and one llm client', () => {
    let built = 0
    const ctx = createStageContext(init({ stochastic: true, llm: () => (built++, fakeLlm) }))
    expect(ctx.sample).toBe(2)
    expect(ctx.seed).toBe(1234)
    expect(ctx.llm).toBe(fakeLlm)
    void ctx.llm
    expect(built).toBe(1)
  })

  it('the unguarded members work in any stage', () => {
    const lines: string[] = []
    const ctx = createStageContext(init({ log: (m) => lines.push(m) }))
    ctx.log('hello')
    expect(lines).toEqual(['hello'])
    expect(ctx.stage).toBe('demo')
    expect(ctx.signal.aborted).toBe(false)
  })
})

describe('ctx.map', () => {
  it('keeps the order of items even when later items finish first', async () => {
    const ctx = createStageContext(init())
    const gates = [gate(), gate(), gate()]
    const done = ctx.map([0, 1, 2], async (i) => {
      await gates[i]!.wait
      return `item${i}`
    }, { concurrency: 3 })
    gates[2]!.release()
    gates[1]!.release()
    gates[0]!.release()
    expect(await done).toEqual(['item0', 'item1', 'item2'])
  })

  it.each([1, 2, 3])('never has more than %i calls in flight, and reaches that bound', async (concurrency) => {
    const ctx = createStageContext(init())
    let inFlight = 0
    let peak = 0
    const indexes: number[] = []
    const result = await ctx.map(Array.from({ length: 10 }, (_, i) => i), async (item, index) => {
      inFlight++
      peak = Math.max(peak, inFlight)
      indexes.push(index)
      // Yield a few times so that other calls get the chance to start.
      for (let k = 0; k < 3; k++) await Promise.resolve()
      inFlight--
      return item * 2
    }, { concurrency })
    expect(peak).toBe(concurrency)
    expect(result).toEqual([0, 2, 4, 6, 8, 10, 12, 14, 16, 18])
    expect([...indexes].sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
  })

  it('defaults to 4 calls in flight and treats a bound below 1 as 1', async () => {
    const ctx = createStageContext(init())
    const peakOf = async (options?: { concurrency?: number }): Promise<number> => {
      let inFlight = 0
      let peak = 0
      await ctx.map(Array.from({ length: 12 }, (_, i) => i), async () => {
        peak = Math.max(peak, ++inFlight)
        await new Promise((r) => setImmediate(r))
        inFlight--
      }, options)
      return peak
    }
    expect(await peakOf()).toBe(4)
    expect(await peakOf({ concurrency: 0 })).toBe(1)
  })

  it('rejects with the first error, and starts nothing once the signal is aborted', async () => {
    const ctx = createStageContext(init())
    await expect(ctx.map([1, 2, 3], async (n) => {
      if (n === 2) throw new Error('boom at 2')
      return n
    })).rejects.toThrow('boom at 2')

    const controller = new AbortController()
    const aborting = createStageContext(init({ signal: controller.signal }))
    const started: number[] = []
    const outcome = aborting.map([0, 1, 2, 3], async (n) => {
      started.push(n)
      if (n === 0) controller.abort(new Error('cancelled'))
      await new Promise((r) => setImmediate(r))
      return n
    }, { concurrency: 1 })
    await expect(outcome).rejects.toThrow('cancelled')
    expect(started).toEqual([0])
  })
})
