import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { z } from 'zod'
import { CassetteError, definePipeline, defineStage, ProviderError, run } from 'vitest-butterfly'
import { openai } from 'vitest-butterfly/providers'
import { startOpenAIServer } from '../support/openai-server.ts'
import type { OpenAIServer } from '../support/openai-server.ts'
import { tempDir } from '../support/temp-dir.ts'

// One pipeline whose model is `openai()` with no baseURL and no model option:
// the endpoint comes from OPENAI_BASE_URL only, as in the report.
const story = defineStage({
  name: 'story',
  stochastic: true,
  output: z.string(),
  run: async ({ ctx }) => (await ctx.llm.complete({ model: 'tiny-story', prompt: 'Once upon a time', temperature: 0.8, seed: ctx.seed, max_tokens: 6 })).text,
})
const pipeline = definePipeline({ name: 'endpoints', params: z.object({}), stages: [story], models: { 'tiny-story': openai() } })

let first: OpenAIServer
let second: OpenAIServer
beforeAll(async () => {
  first = await startOpenAIServer()
  second = await startOpenAIServer()
})
afterAll(async () => {
  await first.close()
  await second.close()
})
afterEach(() => {
  vi.unstubAllEnvs()
  first.reset()
  second.reset()
})

describe('the endpoint is part of what a model call is keyed on', () => {
  it('switching OPENAI_BASE_URL to another endpoint re-executes the stage instead of serving the first endpoint\'s output from the cache', async () => {
    const cacheDir = join(tempDir('butterfly-endpoints-'), 'cache')
    vi.stubEnv('OPENAI_API_KEY', 'sk-test')
    vi.stubEnv('OPENAI_BASE_URL', first.url)
    const a = await run(pipeline, {}, { cacheDir, llm: { mode: 'off' } })
    expect(a.status, a.error?.message).toBe('passed')
    expect(first.requests).toHaveLength(1)

    vi.stubEnv('OPENAI_BASE_URL', second.url)
    const b = await run(pipeline, {}, { cacheDir, llm: { mode: 'off' } })
    expect(b.stages.story.status).toBe('executed')
    expect(second.requests).toHaveLength(1)

    // The same endpoint again (spelt with a trailing slash and an upper-case host) is a cache hit.
    vi.stubEnv('OPENAI_BASE_URL', `${first.url}/`.replace('http://', 'HTTP://'))
    const c = await run(pipeline, {}, { cacheDir, llm: { mode: 'off' } })
    expect(c.stages.story.status).toBe('cached')
    expect(c.output('story')).toBe(a.output('story'))
  })

  it('a server that always answers 401 fails the stage, though another endpoint\'s answer is cached and recorded', async () => {
    const root = tempDir('butterfly-endpoints-')
    const options = { cacheDir: join(root, 'cache'), llm: { mode: 'auto' as const, cassetteDir: join(root, 'cassettes'), retries: false as const } }
    vi.stubEnv('CI', 'false')
    vi.stubEnv('OPENAI_API_KEY', 'sk-test')
    vi.stubEnv('OPENAI_BASE_URL', first.url)
    const ok = await run(pipeline, {}, options)
    expect(ok.status, ok.error?.message).toBe('passed')

    vi.stubEnv('OPENAI_BASE_URL', second.url)
    second.inject({ kind: 'status', status: 401 })
    const denied = await run(pipeline, {}, options)
    expect(denied.status).toBe('failed')
    expect(denied.error).toBeInstanceOf(Error)
    expect(denied.error?.cause).toBeInstanceOf(ProviderError)
    expect(denied.error?.message).toMatch(/401/)
    expect(second.requests).toHaveLength(1)
  })

  it('a different upstream model behind the same id is a different recording', async () => {
    const root = tempDir('butterfly-endpoints-')
    const cassetteDir = join(root, 'cassettes')
    vi.stubEnv('CI', 'false')
    const withModel = (model: string) => definePipeline({ name: 'endpoints', params: z.object({}), stages: [story], models: { 'tiny-story': openai({ baseURL: first.url, apiKey: 'k', model }) } })
    const a = await run(withModel('one'), {}, { cache: false, llm: { mode: 'auto', cassetteDir } })
    const b = await run(withModel('two'), {}, { cache: false, llm: { mode: 'auto', cassetteDir } })
    expect([a.status, b.status]).toEqual(['passed', 'passed'])
    expect(first.requests.map((r) => r.body.model)).toEqual(['one', 'two'])
  })

  it('replays in CI without any endpoint reachable, and a replay against another endpoint names the one recorded', async () => {
    const root = tempDir('butterfly-endpoints-')
    const cassetteDir = join(root, 'cassettes')
    vi.stubEnv('CI', 'false')
    vi.stubEnv('OPENAI_API_KEY', 'sk-test')
    vi.stubEnv('OPENAI_BASE_URL', first.url)
    const recorded = await run(pipeline, {}, { cache: false, llm: { mode: 'record', cassetteDir } })
    expect(recorded.status, recorded.error?.message).toBe('passed')

    // CI: no key, the same configured endpoint, nothing listening needed.
    vi.stubEnv('CI', 'true')
    vi.stubEnv('OPENAI_API_KEY', '')
    const replayed = await run(pipeline, {}, { cache: false, llm: { cassetteDir } })
    expect(replayed.status, replayed.error?.message).toBe('passed')
    expect(replayed.output('story')).toBe(recorded.output('story'))
    expect(first.requests).toHaveLength(1)

    vi.stubEnv('OPENAI_BASE_URL', second.url)
    const elsewhere = await run(pipeline, {}, { cache: false, llm: { cassetteDir } })
    expect(elsewhere.status).toBe('failed')
    expect(elsewhere.error?.cause).toBeInstanceOf(CassetteError)
    const host = new URL(first.url)
    expect(elsewhere.error?.message).toContain(`recorded for endpoint ${host.origin}/v1`)
    expect(second.requests).toHaveLength(0)
  })
})
