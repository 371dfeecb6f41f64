import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { z } from 'zod'
import { ProviderError, definePipeline, defineStage, run } from 'vitest-butterfly'
import { local } from 'vitest-butterfly/providers'

const repo = fileURLToPath(new URL('../..', import.meta.url))
const run1 = promisify(execFile)

afterEach(() => vi.unstubAllEnvs())

const PROMPTS = [
  'Once upon a time', 'The little dog', 'Lily saw a bird', 'One day, Tom', 'The sun was', 'A big red ball',
  'Sam and his mom', 'There was a cat', 'In the park', 'The girl wanted', 'Ben had a toy', 'It was a rainy day',
  'The bird flew', 'Mia liked to', 'A small frog', 'The tree was tall', 'Tim went to', 'The old man', 'Sara found a', 'The boat',
]

describe('local() with the tiny GGUF model', () => {
  it('the same seed gives the same text in two separate processes', async () => {
    const once = async (): Promise<string[]> => JSON.parse((await run1(process.execPath, ['--import', 'tsx', 'test/support/local-samples.ts'], { cwd: repo })).stdout) as string[]
    const [a, b] = await Promise.all([once(), once()])
    expect(a).toHaveLength(4)
    expect(a.every((t) => t.length > 0)).toBe(true)
    expect(b).toEqual(a)
    // and this process agrees with both
    const here = await local().complete({ model: 'tiny-story', prompt: 'Once upon a time', temperature: 0.9, top_p: 0.9, top_k: 40, seed: 1000, max_tokens: 24 })
    expect(here.text).toBe(a[0])
  })

  it('top_p 0.85 instead of 0.95 changes the output for most prompts (same seed)', async () => {
    const p = local()
    let changed = 0
    for (const [i, prompt] of PROMPTS.entries()) {
      const r = { model: 'tiny-story', prompt, temperature: 1, seed: 42 + i, max_tokens: 24 }
      const [lo, hi] = [await p.complete({ ...r, top_p: 0.85 }), await p.complete({ ...r, top_p: 0.95 })]
      if (lo.text !== hi.text) changed++
    }
    expect(changed).toBeGreaterThan(PROMPTS.length / 2)
  })

  it('honours max_tokens and stop', async () => {
    const p = local()
    const short = await p.complete({ model: 't', prompt: 'Once upon a time', temperature: 0, max_tokens: 3 })
    expect(short).toMatchObject({ finishReason: 'length', usage: { completionTokens: 3 } })
    const long = await p.complete({ model: 't', prompt: 'Once upon a time', temperature: 0, max_tokens: 40 })
    const word = ` ${long.text.trim().split(' ').find((w, i) => i >= 3 && w.length >= 4)!}`
    const stopped = await p.complete({ model: 't', prompt: 'Once upon a time', temperature: 0, max_tokens: 40, stop: [word] })
    expect(stopped.finishReason).toBe('stop')
    expect(long.text.startsWith(stopped.text)).toBe(true)
    expect(stopped.text).not.toContain(word)
  })

  it('calls made at once are queued on the one context and each gives its own deterministic text', async () => {
    const p = local()
    const requests = PROMPTS.slice(0, 6).map((prompt, i) => ({ model: 't', prompt, temperature: 0.9, seed: i, max_tokens: 10 }))
    const together = await Promise.all(requests.map((r) => p.complete(r)))
    const oneByOne = []
    for (const r of requests) oneByOne.push(await p.complete(r))
    expect(together.map((r) => r.text)).toEqual(oneByOne.map((r) => r.text))
  })

  it('a missing model file is a ProviderError naming the path and the environment variable', async () => {
    await expect(local({ model: '/nonexistent/model.gguf' }).complete({ model: 'tiny', prompt: 'x' }))
      .rejects.toThrow(/local model "tiny": model file not found: \/nonexistent\/model\.gguf \(from the local\(\{ model \}\) option\); set BUTTERFLY_LOCAL_MODEL/)
    vi.stubEnv('BUTTERFLY_LOCAL_MODEL', '/missing/elsewhere.gguf')
    const error = await local().chat({ model: 'tiny', messages: [{ role: 'user', content: 'x' }] }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ProviderError)
    expect((error as Error).message).toContain('/missing/elsewhere.gguf (from BUTTERFLY_LOCAL_MODEL)')
  })

  it('inside a pipeline: the default client calls it without recording, usage lands on the stage, reruns agree', async () => {
    const story = defineStage({
      name: 'story',
      stochastic: true,
      output: z.string(),
      run: async ({ ctx }) => (await ctx.llm.complete({ model: 'tiny-story', prompt: 'Once upon a time', temperature: 0.8, top_p: 0.9, top_k: 40, seed: ctx.seed, max_tokens: 12 })).text,
    })
    const pipeline = definePipeline({ name: 'local-story', params: z.object({}), stages: [story], models: { 'tiny-story': local() } })
    vi.stubEnv('CI', 'true')
    const cassetteDir = fileURLToPath(new URL('./__no_cassettes__', import.meta.url))
    const [a, b, other] = [
      await run(pipeline, {}, { cache: false, llm: { cassetteDir } }),
      await run(pipeline, {}, { cache: false, llm: { cassetteDir } }),
      await run(pipeline, {}, { cache: false, sample: 1, llm: { cassetteDir } }),
    ]
    expect(a.status).toBe('passed')
    expect(b.output('story')).toBe(a.output('story'))
    expect(other.output('story')).not.toBe(a.output('story'))
    expect(a.stages.story.status === 'executed' && a.stages.story.usage).toMatchObject({ calls: 1, completionTokens: 12 })
    await expect(import('node:fs/promises').then((fs) => fs.access(cassetteDir))).rejects.toThrow()
  })
})
