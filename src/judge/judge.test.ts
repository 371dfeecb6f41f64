import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { createMemoryStore } from '../cache/memory.ts'
import { hash32 } from '../core/hash.ts'
import type { ChatRequest, CompletionRequest, CompletionResult, LlmProvider } from '../core/llm.ts'
import { definePipeline } from '../core/pipeline.ts'
import type { RunResult } from '../core/result.ts'
import { defineStage } from '../core/stage.ts'
import { PipelineDefinitionError } from '../errors.ts'
import { perturb } from '../perturbations/perturb.ts'
import { sweep } from '../perturbations/sweep.ts'
import { run } from '../run/run.ts'
import { judge, judgeSeed } from './judge.ts'
import { judgeDrift } from './drift.ts'
import { judgeStageOutputSchema } from './stage.ts'

const usage = { promptTokens: 1, completionTokens: 1 }
const result = (text: string, model: string): CompletionResult => ({ text, usage, finishReason: 'stop', model })

/**
 * A scripted judge model. `noisy`: the score depends on the seed (a sampling
 * judge); otherwise only on the output (a greedy judge). Outputs containing
 * "???" get an answer without a score.
 */
function scriptedJudge(options: { noisy: boolean }) {
  const requests: (ChatRequest | CompletionRequest)[] = []
  const scoreOf = (output: string, seed: number): number => 1 + ((output.length + (options.noisy ? hash32(seed) : 0)) % 5)
  const provider: LlmProvider = {
    kind: 'scripted-judge',
    async chat(r) {
      requests.push(r)
      const output = /Output:\n([\s\S]*)$/.exec(r.messages.at(-1)!.content)![1]!
      if (output.includes('???')) return result('I am not sure what to say.', r.model)
      return result(JSON.stringify({ score: scoreOf(output, r.seed ?? 0), reason: `length ${output.length}` }), r.model)
    },
    async complete(r) {
      requests.push(r)
      const output = /Output:\n([\s\S]*?)\n\nGive the score/.exec(r.prompt)![1]!
      return result(` ${scoreOf(output, r.seed ?? 0)}. Because.`, r.model)
    },
  }
  return { provider, requests }
}

/** A scripted generator: three answers whose wording depends on the seed. */
const generator: LlmProvider = {
  kind: 'scripted-gen',
  async complete(r) {
    return result(`${r.prompt} ${'!'.repeat(hash32(r.seed ?? 0) % 7)}`, r.model)
  },
}

const params = z.object({
  judge: z.object({ replicate: z.number().int().min(0).default(0) }).default({ replicate: 0 }),
})
type P = z.infer<typeof params>

function pipelineWith(judgeModel: LlmProvider, rubric = 'Is the answer helpful?') {
  const counts = { answer: 0 }
  const answer = defineStage({
    name: 'answer', stochastic: true, output: z.array(z.object({ id: z.string(), text: z.string() })),
    run: async ({ ctx }) => {
      counts.answer++
      return ctx.map(['q1', 'q2', 'q3'], async (id) => ({ id, text: (await ctx.llm.complete({ model: 'gen', prompt: `answer ${id}`, seed: ctx.seed })).text }))
    },
  })
  const quality = judge({ model: 'judge', rubric, scale: [1, 5], temperature: 0.7 })
  const judged = quality.stage({
    name: 'judge', needs: { answer }, params: (p: P) => p.judge,
    items: ({ answer }) => answer.map((a) => ({ id: a.id, input: `question ${a.id}`, output: a.text })),
  })
  const pipeline = definePipeline({ name: 'judged', params, stages: [answer, judged], models: { gen: generator, judge: judgeModel } })
  return { pipeline, counts }
}

describe('judge().score', () => {
  it('asks a chat model with the rubric, scale and item, seeded with the stage seed, and reads score and reason', async () => {
    const { provider, requests } = scriptedJudge({ noisy: false })
    const j = judge({ model: 'judge', rubric: 'Is it correct?', scale: [1, 5], temperature: 0.3, top_p: 0.9 })
    const ctx = { seed: 1234, llm: { chat: (r: ChatRequest) => provider.chat!(r), complete: (r: CompletionRequest) => provider.complete!(r) } }
    const v = await j.score(ctx, { input: '2+2?', output: 'four', reference: '4' })
    expect(v).toEqual({ status: 'scored', score: 5, normalized: 1, reason: 'length 4', raw: '{"score":5,"reason":"length 4"}' })
    const r = requests[0] as ChatRequest
    expect(r).toMatchObject({ model: 'judge', temperature: 0.3, top_p: 0.9, max_tokens: 200, seed: 1234 })
    expect(r.messages[0]!.content).toContain('Rubric: Is it correct?\nThe score is a number from 1 (worst) to 5 (best).')
    expect(r.messages[1]!.content).toBe('Input:\n2+2?\n\nReference answer:\n4\n\nOutput:\nfour')
  })

  it('works with raw completion: the prompt ends with "Score:" and stops at a blank line', async () => {
    const { provider, requests } = scriptedJudge({ noisy: false })
    const j = judge({ model: 'base', rubric: 'Is it correct?', call: 'complete' })
    const ctx = { seed: 5, llm: { chat: (r: ChatRequest) => provider.chat!(r), complete: (r: CompletionRequest) => provider.complete!(r) } }
    expect(await j.score(ctx, { output: 'abc' })).toEqual({ status: 'scored', score: 4, normalized: 0.75, reason: 'Because.', raw: ' 4. Because.' })
    const r = requests[0] as CompletionRequest
    expect(r.prompt.endsWith('Give the score, then one sentence of reason.\nScore:')).toBe(true)
    expect(r.stop).toEqual(['\n\n'])
  })

  it('records an answer without a score as unparsed, keeping the raw text', async () => {
    const { provider } = scriptedJudge({ noisy: false })
    const j = judge({ model: 'judge', rubric: 'r' })
    const ctx = { seed: 0, llm: { chat: (r: ChatRequest) => provider.chat!(r), complete: (r: CompletionRequest) => provider.complete!(r) } }
    expect(await j.score(ctx, { output: '???' })).toEqual({ status: 'unparsed', why: 'no score found in the answer "I am not sure what to say."', raw: 'I am not sure what to say.' })
  })

  it('replicate 0 keeps the stage seed; other replicates derive distinct seeds from it', () => {
    expect(judgeSeed(77, 0)).toBe(77)
    const seeds = [1, 2, 3].map((r) => judgeSeed(77, r))
    expect(new Set([77, ...seeds]).size).toBe(4)
    expect(judgeSeed(77, 2)).toBe(judgeSeed(77, 2))
  })

  it('rejects malformed options at definition time', () => {
    expect(() => judge({ model: '', rubric: 'r' })).toThrow(PipelineDefinitionError)
    expect(() => judge({ model: 'm', rubric: ' ' })).toThrow(/"rubric" must be a non-empty string/)
    expect(() => judge({ model: 'm', rubric: 'r', call: 'stream' as never })).toThrow(/"call" must be 'chat' or 'complete'/)
  })
})

describe('judge().stage in a pipeline', () => {
  it('outputs judgements by item id with mean and counts, and is served from the cache on the second run', async () => {
    const { provider, requests } = scriptedJudge({ noisy: false })
    const { pipeline } = pipelineWith(provider)
    const cache = createMemoryStore()
    const first = await run(pipeline, {}, { cache, llm: { mode: 'off' } })
    expect(first.status).toBe('passed')
    const out = first.output('judge')
    expect(out.judgements.map((j) => j.id)).toEqual(['q1', 'q2', 'q3'])
    expect(out.scored + out.unparsed).toBe(3)
    const scored = out.judgements.flatMap((j) => (j.status === 'scored' ? [j.normalized] : []))
    expect(out.mean).toBeCloseTo(scored.reduce((a, b) => a + b, 0) / scored.length, 12)
    expect((await judgeStageOutputSchema['~standard'].validate(out)).issues).toBeUndefined()
    const second = await run(pipeline, {}, { cache, llm: { mode: 'off' } })
    expect(second.counts).toEqual({ executed: 0, cached: 2, failed: 0, skipped: 0 })
    expect(requests).toHaveLength(3)
  })

  it('re-judges when the rubric changes (the judge fingerprint is part of the stage version) but keeps the answers', async () => {
    const { provider } = scriptedJudge({ noisy: false })
    const cache = createMemoryStore()
    await run(pipelineWith(provider, 'Is it helpful?').pipeline, {}, { cache, llm: { mode: 'off' } })
    const again = await run(pipelineWith(provider, 'Is it polite?').pipeline, {}, { cache, llm: { mode: 'off' } })
    expect(again.stages.answer.status).toBe('cached')
    expect(again.stages.judge.status).toBe('executed')
  })

  it('an unparsed answer is an outcome, not a failure; a bad replicate param fails the stage clearly', async () => {
    const { provider } = scriptedJudge({ noisy: false })
    const j = judge({ model: 'judge', rubric: 'r' })
    const items = defineStage({ name: 'items', output: z.array(z.string()), run: () => ['fine answer', '??? odd'] })
    const stage = j.stage({ name: 'judge', needs: { items }, items: ({ items }) => items.map((output) => ({ output })), params: (p: { replicate: number }) => ({ replicate: p.replicate }) })
    const pipeline = definePipeline({ name: 'j', params: z.object({ replicate: z.number().default(0) }), stages: [items, stage], models: { judge: provider } })
    const ok = await run(pipeline, {}, { cache: false, llm: { mode: 'off' } })
    expect(ok.output('judge')).toMatchObject({ scored: 1, unparsed: 1, judgements: [{ id: '0', status: 'scored' }, { id: '1', status: 'unparsed' }] })
    const bad = await run(pipeline, { replicate: 1.5 }, { cache: false, llm: { mode: 'off' } })
    expect(bad.stages.judge.status).toBe('failed')
    expect(bad.error?.message).toMatch(/replicate must be a non-negative integer, got 1\.5/)
  })
})

describe('judge noise apart from generation noise (sweep over judge.replicate)', () => {
  it('variants re-judge the cached answers: a sampling judge drifts, generation runs once per sample', async () => {
    const { provider } = scriptedJudge({ noisy: true })
    const { pipeline, counts } = pipelineWith(provider)
    const s = await sweep(pipeline, { perturbations: perturb.swap('judge.replicate', [1, 2, 3]), repeats: 3, cache: createMemoryStore(), llm: { mode: 'off' } })
    expect(counts.answer).toBe(3)
    const d = s.drift('judge', judgeDrift())
    // Paired by sample, a variant differs from the base only by the judge's seed: this is the judge's own noise.
    expect(d.perVariant.map((v) => v.mean).every((m) => m > 0)).toBe(true)
    const hashOf = (r: RunResult) => {
      const a = r.stages['answer']!
      return a.status === 'cached' || a.status === 'executed' ? a.hash : undefined
    }
    for (const variant of s.variants.slice(1)) {
      variant.runs.forEach((r, i) => {
        expect(r.stages['answer']!.status).toBe('cached')
        expect(hashOf(r)).toBe(hashOf(s.variants[0]!.runs[i]!))
      })
    }
  })

  it('a greedy judge shows zero judge noise while the base samples still show the generation noise', async () => {
    const { provider } = scriptedJudge({ noisy: false })
    const { pipeline } = pipelineWith(provider)
    const s = await sweep(pipeline, { perturbations: perturb.swap('judge.replicate', [1, 2]), repeats: 4, cache: createMemoryStore(), llm: { mode: 'off' } })
    const d = s.drift('judge', judgeDrift())
    expect(d.perVariant.flatMap((v) => v.values)).toEqual(Array(8).fill(0))
    expect(d.noiseFloor.mean).toBeGreaterThan(0)
  })

  it('judgeDrift counts score differences, scored-vs-unparsed and missing items', () => {
    const m = judgeDrift()
    const out = (...js: [string, number | null][]) => ({
      judgements: js.map(([id, n]) => (n === null ? { id, status: 'unparsed' as const, why: '', raw: '' } : { id, status: 'scored' as const, score: n, normalized: n, reason: '', raw: '' })),
      mean: null, scored: 0, unparsed: 0,
    })
    expect(m.compute(out(['a', 0.5], ['b', null]), out(['a', 0.75], ['b', null]))).toBeCloseTo(0.125, 12)
    expect(m.compute(out(['a', 0.5]), out(['a', null]))).toBe(1)
    expect(m.compute(out(['a', 0.5]), out(['a', 0.5], ['b', 1]))).toBe(0.5)
    expect(m.details!(out(['a', 0.5], ['b', 1]), out(['a', 0.5], ['b', 0])).changed).toEqual(['b'])
    expect(() => m.compute({} as never, out())).toThrow(/not a judge stage output/)
  })
})
