import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import type { ChatRequest, CompletionRequest, LlmClient } from '../../core/llm.ts'
import { definePipeline } from '../../core/pipeline.ts'
import { MissingDependencyError, PipelineDefinitionError, ProviderError } from '../../errors.ts'
import { run } from '../../run/run.ts'
import { loadPromptfoo, PROMPTFOO_INSTALL } from './import.ts'
import { promptfooProvider, promptToMessages } from './provider.ts'
import { promptfooResultsSchema, toPromptfooResult } from './results.ts'
import { promptfooStage } from './stage.ts'

// These tests need no promptfoo install; test/providers/promptfoo.test.ts runs the real one.
const absent = () => import('promptfoo-not-installed-xyz' as string)
const suite = { prompts: ['Q: {{q}}\nA:'], providers: ['m'], tests: [{ vars: { q: 'hi' }, assert: [{ type: 'contains', value: 'x' }] }] }

function client(answer: (r: CompletionRequest | ChatRequest) => string | Error) {
  const calls: (CompletionRequest | ChatRequest)[] = []
  const respond = async (r: CompletionRequest | ChatRequest) => {
    calls.push(r)
    const a = answer(r)
    if (a instanceof Error) throw a
    return { text: a, usage: { promptTokens: 3, completionTokens: 2 }, finishReason: 'stop', model: r.model }
  }
  const llm: LlmClient = { complete: respond, chat: respond }
  return { llm, calls }
}

describe('promptfoo as an optional peer dependency', () => {
  it('loadPromptfoo says how to install promptfoo when it is absent', async () => {
    const error = await loadPromptfoo(absent, 'promptfooStage("qa")').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(MissingDependencyError)
    expect((error as Error).message).toBe(`[butterfly] [providers] promptfooStage("qa") needs the optional package "promptfoo", which is not installed; install it with: ${PROMPTFOO_INSTALL}`)
    expect(PROMPTFOO_INSTALL).toBe('npm install -D promptfoo@0.121.20')
  })

  it('a promptfoo stage without promptfoo fails with that error when it runs; defining the pipeline needs no promptfoo', async () => {
    const qa = promptfooStage({ name: 'qa', suite, importer: absent })
    const pipeline = definePipeline({ name: 'pf', params: z.object({}), stages: [qa], models: { m: { kind: 'x', complete: async () => { throw new Error('not called') } } } })
    const r = await run(pipeline, {}, { cache: false, llm: { mode: 'off' } })
    expect(r.stages.qa.status).toBe('failed')
    expect(r.error?.message).toMatch(/stage "qa" failed: \[providers\] promptfooStage\("qa"\) needs the optional package "promptfoo".*npm install -D promptfoo@0\.121\.20/)
    expect(r.error?.cause).toBeInstanceOf(MissingDependencyError)
  })

  it('a module without evaluate() is named as an unsupported promptfoo', async () => {
    await expect(loadPromptfoo(async () => ({ default: {} }))).rejects.toThrow(ProviderError)
    await expect(loadPromptfoo(async () => ({}), 'x')).rejects.toThrow(/x: the installed promptfoo has no evaluate\(\).*promptfoo@0\.121\.20/)
  })
})

describe('promptfooProvider', () => {
  it('completes through ctx.llm with the stage seed and the model sampling params, reporting tokens', async () => {
    const { llm, calls } = client((r) => `echo ${'prompt' in r ? r.prompt : ''}`)
    const p = promptfooProvider(llm, 99, { model: 'tiny', call: 'complete', temperature: 0.5, max_tokens: 8, label: 'T' }, () => {})
    expect([p.id(), p.label]).toEqual(['butterfly:tiny', 'T'])
    expect(await p.callApi('hello')).toEqual({ output: 'echo hello', tokenUsage: { prompt: 3, completion: 2, total: 5, numRequests: 1 }, metadata: { finishReason: 'stop' } })
    expect(calls).toEqual([{ model: 'tiny', prompt: 'hello', seed: 99, temperature: 0.5, max_tokens: 8 }])
  })

  it('chats with a JSON chat prompt as messages, and anything else as one user message', async () => {
    const { llm, calls } = client(() => 'ok')
    const p = promptfooProvider(llm, 1, { model: 'gpt' }, () => {})
    await p.callApi('[{"role":"system","content":"be brief"},{"role":"user","content":"hi"}]')
    await p.callApi('[not json] hi')
    expect(calls.map((c) => (c as ChatRequest).messages)).toEqual([
      [{ role: 'system', content: 'be brief' }, { role: 'user', content: 'hi' }],
      [{ role: 'user', content: '[not json] hi' }],
    ])
    expect(promptToMessages('[{"role":"robot","content":"x"}]')).toEqual([{ role: 'user', content: '[{"role":"robot","content":"x"}]' }])
  })

  it('reports a failed call and returns it to promptfoo as an error', async () => {
    const failures: unknown[] = []
    const boom = new Error('replay miss')
    const p = promptfooProvider(client(() => boom).llm, 1, { model: 'gpt' }, (e) => failures.push(e))
    expect(await p.callApi('x')).toEqual({ error: '[butterfly] model "gpt" failed: replay miss' })
    expect(failures).toEqual([boom])
  })
})

describe('promptfoo results', () => {
  it('keeps pass, score, output, the failure kind and per-assertion results, and nothing run-dependent', async () => {
    const row = {
      testIdx: 1, promptIdx: 0, provider: { id: 'butterfly:m', label: 'm' }, vars: { q: 'x' }, testCase: { description: 'second' },
      response: { output: 'WHAT IS X? 4' }, error: 'Expected output to contain "nope"', success: false, score: 0.06, failureReason: 1, latencyMs: 12,
      gradingResult: { pass: false, score: 0.06, reason: 'Expected output to contain "nope"', componentResults: [
        { pass: false, score: 0, reason: 'Expected output to contain "nope"', assertion: { type: 'icontains' } },
        { pass: true, score: 0.12, reason: 'Assertion passed', assertion: { type: 'javascript' } },
      ] },
    }
    const r = toPromptfooResult(row)
    expect(r).toEqual({
      id: 't1/p0/m', test: 1, prompt: 0, provider: 'm', description: 'second', vars: { q: 'x' }, pass: false, score: 0.06,
      output: 'WHAT IS X? 4', failure: 'assert', reason: 'Expected output to contain "nope"',
      assertions: [{ type: 'icontains', pass: false, score: 0, reason: 'Expected output to contain "nope"' }, { type: 'javascript', pass: true, score: 0.12, reason: 'Assertion passed' }],
    })
    expect(toPromptfooResult({ ...row, response: null, failureReason: 2, gradingResult: null, error: 'boom' })).toMatchObject({ output: null, failure: 'error', reason: 'boom' })
    expect(toPromptfooResult({ ...row, response: { output: { a: 1 } } }).output).toBe('{"a":1}')
    expect((await promptfooResultsSchema['~standard'].validate([r])).issues).toBeUndefined()
    const bad = await promptfooResultsSchema['~standard'].validate([{ ...r, pass: 'yes', assertions: [{ type: 1 }] }])
    expect(bad.issues?.map((i) => i.path)).toEqual([[0, 'pass'], [0, 'assertions', 0, 'type'], [0, 'assertions', 0, 'pass'], [0, 'assertions', 0, 'score'], [0, 'assertions', 0, 'reason']])
  })

  it('rejects a malformed static suite when the stage is defined', () => {
    expect(() => promptfooStage({ name: 'qa', suite: { ...suite, prompts: [] } })).toThrow(PipelineDefinitionError)
    expect(() => promptfooStage({ name: 'qa', suite: { ...suite, providers: [] } })).toThrow(/suite\.providers must list at least one model id/)
    expect(() => promptfooStage({ name: 'qa', suite: { ...suite, providers: ['m', { model: 'm' }] } })).toThrow(/two providers are labelled "m"/)
  })

  it('versions the stage by the suite, functions by their source', () => {
    const a = promptfooStage({ name: 'qa', suite })
    const b = promptfooStage({ name: 'qa', suite: { ...suite, tests: [{ vars: { q: 'hi' }, assert: [{ type: 'contains', value: 'y' }] }] } })
    const f1 = promptfooStage({ name: 'qa', suite: { ...suite, prompts: [() => 'a'] } })
    const f2 = promptfooStage({ name: 'qa', suite: { ...suite, prompts: [() => 'b'] } })
    expect(new Set([a.version, b.version, f1.version, f2.version]).size).toBe(4)
    expect(promptfooStage({ name: 'qa', suite }).version).toBe(a.version)
  })
})
