import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { definePipeline, defineStage, run } from 'vitest-butterfly'
import type { LlmProvider } from 'vitest-butterfly'
import { openai } from 'vitest-butterfly/providers'
import type { LlmOptions } from 'vitest-butterfly/providers'
import { startOpenAIServer } from '../support/openai-server.ts'
import type { OpenAIServer } from '../support/openai-server.ts'

let server: OpenAIServer
beforeAll(async () => {
  server = await startOpenAIServer({ latencyMs: 40 })
})
afterAll(() => server.close())

function pipelineWith(provider: LlmProvider) {
  const fanOut = defineStage({
    name: 'fan-out',
    stochastic: true,
    output: z.array(z.string()),
    run: ({ ctx }) => ctx.map(Array.from({ length: 8 }, (_, i) => `Story ${i}:`), async (prompt) =>
      (await ctx.llm.complete({ model: 'remote', prompt, temperature: 0.5, seed: ctx.seed, max_tokens: 3 })).text, { concurrency: 8 }),
  })
  return definePipeline({ name: 'fan', params: z.object({}), stages: [fanOut], models: { remote: provider } })
}

async function maxInFlight(provider: LlmProvider, llm: LlmOptions = {}): Promise<number> {
  server.reset()
  const r = await run(pipelineWith(provider), {}, { cache: false, llm: { mode: 'off', ...llm } })
  expect(r.status).toBe('passed')
  expect(server.requests).toHaveLength(8)
  return server.stats.maxInFlight
}

describe('per-model concurrency limit, measured at the server', () => {
  it('ctx.map calls run in parallel up to the provider\'s concurrency', async () => {
    expect(await maxInFlight(openai({ baseURL: server.url, concurrency: 2 }))).toBe(2)
  })

  it('the run\'s llm.concurrency by model id overrides the provider\'s', async () => {
    expect(await maxInFlight(openai({ baseURL: server.url, concurrency: 2 }), { concurrency: { remote: 3 } })).toBe(3)
    expect(await maxInFlight(openai({ baseURL: server.url }), { concurrency: 1 })).toBe(1)
  })
})
