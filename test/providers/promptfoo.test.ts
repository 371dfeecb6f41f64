import { mkdtemp, readdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { z } from 'zod'
import { createMemoryStore, definePipeline, perturb, run, sweep } from 'vitest-butterfly'
import type { ChatRequest, CompletionRequest, LlmProvider } from 'vitest-butterfly'
import { promptfooMetric, promptfooStage } from 'vitest-butterfly/promptfoo'
import { local } from 'vitest-butterfly/providers'
import { deriveSeed } from '../../src/core/execute.ts'
import { promptfooInstalled } from '../support/promptfoo-installed.ts'

// The real promptfoo (an optional peer, ~1.4 GB installed): these tests run when
// it is installed (`npm install -D promptfoo@0.121.20`) and are skipped otherwise.
const installed = promptfooInstalled

const STARTS = ['Lily saw a', 'The dog', 'Tom and his mom']
const sampling = { max_tokens: 24, top_p: 0.9 }

/** The local model, counting the calls that reach it. */
function countedLocal() {
  const inner = local()
  const count = { calls: 0 }
  const provider: LlmProvider = {
    kind: 'local', network: false, concurrency: 1,
    complete: (r: CompletionRequest, o) => (count.calls++, inner.complete(r, o)),
    chat: (r: ChatRequest, o) => (count.calls++, inner.chat(r, o)),
  }
  return { provider, count }
}

const params = z.object({ qa: z.object({ temperature: z.number().default(0.8) }).default({ temperature: 0.8 }) })
type P = z.infer<typeof params>

function storyPipeline(models: Record<string, LlmProvider>, model = 'tiny-story') {
  const qa = promptfooStage({
    name: 'qa',
    params: (p: P) => p.qa,
    suite: ({ params }) => ({
      prompts: ['{{start}}'],
      providers: [{ model, call: 'complete', temperature: params.temperature, ...sampling }],
      tests: STARTS.map((start, i) => ({
        description: `story ${i}`,
        vars: { start },
        assert: [{ type: 'icontains', value: 'the' }, { type: 'javascript', value: 'Math.min(1, output.length / 100)' }],
      })),
    }),
  })
  return definePipeline({ name: 'promptfoo-stories', params, stages: [qa], models })
}

describe.skipIf(!installed)('promptfooStage with promptfoo installed', () => {
  beforeAll(async () => {
    vi.stubEnv('PROMPTFOO_CONFIG_DIR', await mkdtemp(join(tmpdir(), 'butterfly-promptfoo-')))
  })

  it('runs the suite on the pipeline model through ctx.llm; the second run is served from the cache (0 executed)', async () => {
    const { provider, count } = countedLocal()
    const pipeline = storyPipeline({ 'tiny-story': provider })
    const cache = createMemoryStore()
    const first = await run(pipeline, {}, { cache, llm: { mode: 'off' } })
    expect(first.stages.qa.status).toBe('executed')
    expect(count.calls).toBe(3)
    const results = first.output('qa')
    expect(results.map((r) => r.id)).toEqual(['t0/p0/tiny-story', 't1/p0/tiny-story', 't2/p0/tiny-story'])
    // each output is what the model gives for that prompt at the stage's seed, and the verdicts follow from it
    const seed = deriveSeed(0, 0)
    for (const [i, r] of results.entries()) {
      const direct = await local().complete({ model: 'tiny-story', prompt: STARTS[i]!, temperature: 0.8, seed, ...sampling })
      expect(r.output).toBe(direct.text)
      expect(r.description).toBe(`story ${i}`)
      expect(r.assertions.map((a) => a.type)).toEqual(['icontains', 'javascript'])
      expect(r.assertions[0]!.pass).toBe(direct.text.toLowerCase().includes('the'))
      expect(r.assertions[1]!.score).toBeCloseTo(Math.min(1, direct.text.length / 100), 9)
      expect(r.pass).toBe(r.assertions.every((a) => a.pass))
    }
    const second = await run(pipeline, {}, { cache, llm: { mode: 'off' } })
    expect(second.counts).toEqual({ executed: 0, cached: 1, failed: 0, skipped: 0 })
    expect(second.output('qa')).toEqual(results)
    expect(count.calls).toBe(3)
  })

  it('records the calls in cassettes and replays them with the model unused', async () => {
    const cassetteDir = await mkdtemp(join(tmpdir(), 'butterfly-pf-cassettes-'))
    const recorded = countedLocal()
    const first = await run(storyPipeline({ 'tiny-story': recorded.provider }), {}, { cache: false, llm: { mode: 'record', record: 'all', cassetteDir } })
    expect(await readdir(join(cassetteDir, 'promptfoo-stories'))).toHaveLength(3)
    const replayed = countedLocal()
    const again = await run(storyPipeline({ 'tiny-story': replayed.provider }), {}, { cache: false, llm: { mode: 'replay', record: 'all', cassetteDir } })
    expect(replayed.count.calls).toBe(0)
    expect(again.output('qa')).toEqual(first.output('qa'))
  })

  it('a model call that fails fails the stage with the cause, instead of becoming failed tests', async () => {
    const r = await run(storyPipeline({ 'tiny-story': local() }, 'no-such-model'), {}, { cache: false, llm: { mode: 'off' } })
    expect(r.stages.qa.status).toBe('failed')
    expect(r.error?.message).toMatch(/\[promptfoo\] stage "qa": a model call failed \(and 2 more failed calls\): .*model "no-such-model", which is not in pipeline "promptfoo-stories"'s models \(tiny-story\)/)
  })

  it('sweeps and metrics apply to the results', async () => {
    const s = await sweep(storyPipeline({ 'tiny-story': local() }), { perturbations: perturb.swap('qa.temperature', 1.2), repeats: 2, cache: createMemoryStore(), llm: { mode: 'off' } })
    const d = s.drift('qa')
    expect(d.metric.name).toBe('jsonDiff')
    expect(d.noiseFloor.mean).toBeGreaterThan(0)
    const passRate = (rs: { pass: boolean }[]) => rs.filter((r) => r.pass).length / rs.length
    const byPassRate = s.drift('qa', { name: 'pass-rate', describe: 'pass rate difference', compute: (a: { pass: boolean }[], b: { pass: boolean }[]) => Math.abs(passRate(a) - passRate(b)) })
    expect(byPassRate.perVariant[0]!.values).toHaveLength(2)
    // a promptfoo assertion as the metric, on the first story's text
    const firstMentionsThe = promptfooMetric({ type: 'icontains', value: 'the' }, { select: (rs: { output: string }[]) => rs[0]!.output })
    const base = s.variants[0]!.runs.map((r) => r.output('qa') as { output: string }[])
    const expected = Math.abs(Number(!base[0]![0]!.output.toLowerCase().includes('the')) - Number(!base[1]![0]!.output.toLowerCase().includes('the')))
    expect(s.drift('qa', firstMentionsThe).noiseFloor.values).toEqual([expected])
  })

  it('model-graded assertions use the grader model through ctx.llm', async () => {
    const graderCalls: ChatRequest[] = []
    const grader: LlmProvider = {
      kind: 'scripted-grader',
      async chat(r) {
        graderCalls.push(r)
        const text = JSON.stringify({ reason: 'mentions a dog', pass: true, score: 0.9 })
        return { text, usage: { promptTokens: 5, completionTokens: 5 }, finishReason: 'stop', model: r.model }
      },
    }
    const qa = promptfooStage({
      name: 'graded',
      suite: {
        prompts: ['{{start}}'],
        providers: [{ model: 'tiny-story', call: 'complete', temperature: 0.8, ...sampling }],
        grader: 'grader',
        tests: [{ vars: { start: 'The dog' }, assert: [{ type: 'llm-rubric', value: 'The story is about a dog' }] }],
      },
    })
    const pipeline = definePipeline({ name: 'graded', params: z.object({}), stages: [qa], models: { 'tiny-story': local(), grader } })
    const r = await run(pipeline, {}, { cache: false, llm: { mode: 'off' } })
    expect(r.output('graded')[0]).toMatchObject({ pass: true, assertions: [{ type: 'llm-rubric', pass: true, score: 0.9, reason: 'mentions a dog' }] })
    expect(graderCalls).toHaveLength(1)
    expect(JSON.stringify(graderCalls[0]!.messages)).toContain('The story is about a dog')
    expect(r.stages.graded.status === 'executed' && r.stages.graded.usage.calls).toBe(2)
  })
})
