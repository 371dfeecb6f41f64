import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { perturb, run, settleMeasurements, sweep } from 'vitest-butterfly'
import type { ChatRequest, LlmProvider, PipelineRunResult } from 'vitest-butterfly'
import { local } from 'vitest-butterfly/providers'
import { fieldShift } from './agent/field-shift.ts'
import { agentModels } from './agent/models.ts'
import { createDocumentFactsPipeline, pipeline } from './pipeline.ts'
import { factRank } from './stages/benchmark.ts'

// The generated corpus only (no shared PDFs), 4 facts, short answers: the
// embedded tiny model answers each in a fraction of a second. The model is
// named here rather than taken from the environment (llmPipeline), so that
// BUTTERFLY_PROVIDER=openai in the shell never sends these tests to an endpoint.
const llmPipeline = createDocumentFactsPipeline({ benchmark: 'llm', models: { 'benchmark-agent': local() } })
const params = { documents: { real: false }, agent: { maxFacts: 4, max_tokens: 24 } } as const
const cacheDir = mkdtempSync(join(tmpdir(), 'butterfly-document-facts-llm-'))
let template: PipelineRunResult<typeof pipeline>
let first: PipelineRunResult<typeof llmPipeline>

beforeAll(async () => {
  template = await run(pipeline, { documents: { real: false } }, { cacheDir })
  first = await run(llmPipeline, params, { cacheDir })
}, 60_000)
// drift() stores its measurements in the background: removing the directory first would race them.
afterAll(async () => {
  await settleMeasurements()
  rmSync(cacheDir, { recursive: true, force: true })
})

const sources = (items: readonly { source: string }[]) => ({
  llm: items.filter((i) => i.source === 'llm').length,
  fallback: items.filter((i) => i.source === 'template-fallback').length,
})

describe('document-facts with the LLM benchmark agent (embedded tiny model)', () => {
  it('runs only the benchmark stage: documents, extract and facts are the template pipeline\'s cached entries', () => {
    expect(first.status, first.error?.message).toBe('passed')
    expect(first.counts).toMatchObject({ executed: 1, cached: 3 })
    expect(first.stages.benchmark.status === 'executed' && first.stages.benchmark.usage.calls).toBe(4)
  })

  it('writes an item for each of the maxFacts lowest-ranked template facts, with the template\'s reference answer', () => {
    const items = first.output('benchmark')
    const byFact = new Map(template.output('benchmark').map((i) => [i.factId, i]))
    const lowest = [...byFact.keys()].sort((a, b) => factRank(a) - factRank(b)).slice(0, 4)
    expect(items.map((i) => i.factId).sort()).toEqual(lowest.sort())
    for (const item of items) {
      const t = byFact.get(item.factId)!
      expect(item).toMatchObject({ id: `llm:${item.factId}`, doc: t.doc, class: t.class, kind: t.kind, answer: t.answer, template: 'cloze' })
      expect(item.reply.length).toBeGreaterThan(0)
      if (item.source === 'llm') {
        expect(item.rejected).toBeUndefined()
        expect(item.question.endsWith('?')).toBe(true)
      } else {
        expect(item.rejected).toBeDefined()
        expect(item.question).toBe(t.question)
      }
    }
  })

  it('falls back to the template question where the tiny model writes no usable question (it cannot follow instructions)', () => {
    const counts = sources(first.output('benchmark'))
    expect(counts.llm + counts.fallback).toBe(4)
    expect(counts.fallback).toBeGreaterThanOrEqual(3)
  })

  it('serves a repeated run from the cache, with no model call', async () => {
    const again = await run(llmPipeline, params, { cacheDir })
    expect(again.counts).toMatchObject({ executed: 0, cached: 4 })
    expect(again.output('benchmark')).toEqual(first.output('benchmark'))
  })

  it('samples: another sample asks with other seeds and gets other replies for the same facts', async () => {
    const other = await run(llmPipeline, params, { cacheDir, sample: 1 })
    expect(other.counts).toMatchObject({ executed: 1, cached: 3 })
    const a = first.output('benchmark')
    const b = other.output('benchmark')
    expect(b.map((i) => i.id)).toEqual(a.map((i) => i.id))
    expect(fieldShift('reply').compute(a, b)).toBeGreaterThanOrEqual(0.75)
  })
})

describe('document-facts with an instruction-following agent', () => {
  // A provider that does what the prompt asks, from the prompt alone: it asks
  // for the value after the last three words of the passage without digits,
  // except for the first fact it is asked about, where it gives the answer
  // away. Stands in for a real chat model.
  const requests: ChatRequest[] = []
  const follower: LlmProvider = {
    kind: 'prompt-follower',
    chat: async (request) => {
      requests.push(request)
      const user = request.messages.at(-1)!.content
      const answer = /\nAnswer: (.*)$/.exec(user)![1]!
      const words = /\nPassage: (.*)\n/.exec(user)![1]!.split(' ').filter((w) => !/\d/.test(w)).slice(-3).join(' ')
      const text = requests.length === 1 ? `Is the value ${answer}, as the passage says?` : `Question: What value follows "${words}"?\nThanks!`
      return { text, usage: { promptTokens: user.length, completionTokens: text.length }, finishReason: 'stop', model: request.model }
    },
  }
  const followed = createDocumentFactsPipeline({ benchmark: 'llm', models: { 'benchmark-agent': follower }, name: 'document-facts-llm-follower' })

  it('keeps the agent\'s questions, normalised, and rejects the one that leaks the answer', async () => {
    const result = await run(followed, params, { cacheDir, llm: { mode: 'off' } })
    expect(result.status, result.error?.message).toBe('passed')
    // Another model is another cache entry, even with the same params.
    expect(result.counts).toMatchObject({ executed: 1, cached: 3 })
    const items = result.output('benchmark')
    expect(sources(items)).toEqual({ llm: 3, fallback: 1 })
    expect(items.filter((i) => i.rejected).map((i) => i.rejected)).toEqual(['leaks-answer'])
    for (const item of items.filter((i) => i.source === 'llm')) expect(item.question).toMatch(/^What value follows ".+"\?$/)
  })

  it('sends each fact its own seed, the agent params, and no top_k unless set', () => {
    expect(requests).toHaveLength(4)
    expect(new Set(requests.map((r) => r.seed)).size).toBe(4)
    for (const r of requests) {
      expect(r).toMatchObject({ model: 'benchmark-agent', temperature: 0.7, top_p: 0.9, max_tokens: 24 })
      expect(r).not.toHaveProperty('top_k')
      expect(r.messages[0]!.role).toBe('system')
    }
  })

  it('takes the agent from the environment: the embedded model, or an OpenAI-compatible endpoint', () => {
    expect(agentModels({})['benchmark-agent']).toMatchObject({ kind: 'local', network: false })
    expect(agentModels({ BUTTERFLY_PROVIDER: 'openai', BUTTERFLY_AGENT_MODEL: 'my-model' })['benchmark-agent'])
      .toMatchObject({ kind: 'openai', network: true, identity: { upstream: 'my-model' } })
  })

  it('refuses models without a benchmark-agent', () => {
    expect(() => createDocumentFactsPipeline({ benchmark: 'llm', models: { other: follower } })).toThrow(/models has no "benchmark-agent"/)
  })
})

describe('top_p of the benchmark agent, ±0.05 (tiny model)', () => {
  it('moves the agent\'s replies, as a new sample does; the questions move only where the agent wrote them', async () => {
    const s = await sweep(llmPipeline, { params, perturbations: perturb.jitter('agent.top_p', 0.05), repeats: 2, cacheDir })
    expect(s.variants.map((v) => v.id)).toEqual(['base', 'agent.top_p=0.85', 'agent.top_p=0.95'])
    const replies = s.drift('benchmark', fieldShift('reply'))
    const questions = s.drift('benchmark', fieldShift('question'))
    const written = s.variants.flatMap((v) => v.runs).reduce((n, r) => n + sources(r.output('benchmark') as { source: string }[]).llm, 0)
    console.log(`[document-facts] agent.top_p ±0.05, ${s.repeats} samples, ${written} agent-written questions in ${s.variants.length * s.repeats} runs: ` +
      `reply drift ${replies.perVariant.map((v) => v.mean).join(' / ')} (noise floor ${replies.noiseFloor.mean}), ` +
      `question drift ${questions.perVariant.map((v) => v.mean).join(' / ')} (noise floor ${questions.noiseFloor.mean})`)
    expect(replies.noiseFloor.mean).toBeGreaterThan(0.5)
    for (const v of replies.perVariant) expect(v.mean).toBeGreaterThan(0.5)
    // A template fallback's question does not depend on the sample or on top_p.
    if (written === 0) expect([questions.noiseFloor.mean, ...questions.perVariant.map((v) => v.mean)]).toEqual([0, 0, 0])
  }, 60_000)
})
