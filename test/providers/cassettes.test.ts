import { randomBytes } from 'node:crypto'
import { readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { z } from 'zod'
import { CassetteError, definePipeline, defineStage, run } from 'vitest-butterfly'
import { openai } from 'vitest-butterfly/providers'
import type { LlmCallEvent } from 'vitest-butterfly/providers'
import { startOpenAIServer } from '../support/openai-server.ts'
import type { OpenAIServer } from '../support/openai-server.ts'
import { tempDir as makeTempDir } from '../support/temp-dir.ts'

const canary = `sk-canary-${randomBytes(12).toString('hex')}`
let fetchCalls = 0
const counting: typeof fetch = (input, init) => {
  fetchCalls++
  return fetch(input, init)
}

const params = z.object({ prompt: z.string().default('Once upon a time'), top_p: z.number().default(0.9) })
type Params = z.infer<typeof params>
const write = defineStage({
  name: 'write',
  params: (p: Params) => p,
  stochastic: true,
  output: z.object({ story: z.string(), reply: z.string() }),
  run: async ({ params: p, ctx }) => {
    const story = await ctx.llm.complete({ model: 'remote', prompt: p.prompt, temperature: 0.8, top_p: p.top_p, top_k: 40, seed: ctx.seed, max_tokens: 8 })
    const reply = await ctx.llm.chat({ model: 'remote', messages: [{ role: 'user', content: p.prompt }], temperature: 0.8, seed: ctx.seed, max_tokens: 6 })
    return { story: story.text, reply: reply.text }
  },
})

let server: OpenAIServer
let root: string
let cassetteDir: string
let cacheDir: string
let pipeline: ReturnType<typeof makePipeline>
const makePipeline = (url: string) => definePipeline({
  name: 'canary-pipe',
  params,
  stages: [write],
  models: { remote: openai({ baseURL: url, apiKey: canary, fetch: counting }) },
})

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => [])
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name))
}

beforeAll(async () => {
  root = makeTempDir('butterfly-cassettes-')
  cassetteDir = join(root, 'cassettes')
  cacheDir = join(root, 'cache')
  server = await startOpenAIServer()
  pipeline = makePipeline(server.url)
})
afterEach(() => vi.unstubAllEnvs())

describe('record / replay through run()', () => {
  let recorded: { story: string; reply: string }

  it('records every network call, then replays them with the server stopped: identical outputs, zero network calls', async () => {
    vi.stubEnv('CI', 'false')
    const events: LlmCallEvent[] = []
    const first = await run(pipeline, {}, { cacheDir, llm: { mode: 'record', cassetteDir, onCall: (e) => events.push(e) } })
    expect(first.status, first.error?.message).toBe('passed')
    recorded = first.output('write')
    expect(events.map((e) => e.source)).toEqual(['recorded', 'recorded'])
    expect(server.requests).toHaveLength(2)
    expect(server.requests[0]!.headers.authorization).toBe(`Bearer ${canary}`)
    expect(first.usage.calls).toBe(2)
    expect(first.usage.completionTokens).toBeGreaterThan(0)
    expect(await filesUnder(join(cassetteDir, 'canary-pipe'))).toHaveLength(2)

    await server.close()
    const before = fetchCalls
    const replayEvents: LlmCallEvent[] = []
    const second = await run(pipeline, {}, { cache: false, llm: { mode: 'replay', cassetteDir, onCall: (e) => replayEvents.push(e) } })
    expect(second.status).toBe('passed')
    expect(second.stages.write.status).toBe('executed')
    expect(second.output('write')).toEqual(recorded)
    expect(replayEvents.map((e) => e.source)).toEqual(['cassette', 'cassette'])
    expect(replayEvents.map((e) => e.digest)).toEqual(events.map((e) => e.digest))
    expect(second.usage).toEqual(first.usage)
    expect(fetchCalls).toBe(before)
  })

  it('the canary API key appears in no written file (cassettes and stage cache)', async () => {
    const files = [...await filesUnder(cassetteDir), ...await filesUnder(cacheDir)]
    expect(files.length).toBeGreaterThanOrEqual(3)
    for (const file of files) {
      const text = await readFile(file, 'latin1')
      expect(text, file).not.toContain(canary)
      expect(text, file).not.toMatch(/authorization|bearer/i)
    }
  })

  it('a request without a recording fails in CI naming stage, model, digest and the command that records it', async () => {
    vi.stubEnv('CI', 'true')
    vi.stubEnv('BUTTERFLY_LLM_MODE', '')
    const before = fetchCalls
    const r = await run(pipeline, { prompt: 'A new prompt' }, { cache: false, llm: { cassetteDir } })
    expect(r.status).toBe('failed')
    const stage = r.stages.write
    if (stage.status !== 'failed') throw new Error('expected a failed stage')
    expect(stage.error.cause).toBeInstanceOf(CassetteError)
    expect(stage.error.message).toMatch(/stage "write" called model "remote" \(openai\) with request [0-9a-f]{12} \(sample 0\), which has no recording/)
    expect(stage.error.message).toContain('the mode is replay because CI is set')
    expect(stage.error.message).toContain('BUTTERFLY_LLM_MODE=auto npx vitest run')
    expect(fetchCalls).toBe(before)
  })

  it('a hand-edited cassette is a clear error naming the file, and is not re-recorded', async () => {
    vi.stubEnv('CI', 'false')
    const [file] = await filesUnder(join(cassetteDir, 'canary-pipe'))
    const original = await readFile(file!, 'utf8')
    const edited = original.replace(/"text": "/, '"text": "EDITED ')
    expect(edited).not.toBe(original)
    await writeFile(file!, edited)
    for (const mode of ['replay', 'auto'] as const) {
      const r = await run(pipeline, {}, { cache: false, llm: { mode, cassetteDir } })
      expect(r.status).toBe('failed')
      const stage = r.stages.write
      if (stage.status !== 'failed') throw new Error('expected a failed stage')
      expect(stage.error.cause).toBeInstanceOf(CassetteError)
      expect(stage.error.message).toContain(file!)
      expect(stage.error.message).toMatch(/does not match its checksum/)
      expect(await readFile(file!, 'utf8')).toBe(edited)
    }
    await writeFile(file!, '{ "version": 1, "dig')
    const r = await run(pipeline, {}, { cache: false, llm: { mode: 'replay', cassetteDir } })
    expect(r.status === 'failed' && r.error?.message).toMatch(/is not valid JSON/)
  })
})
