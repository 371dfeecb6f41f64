// Child process of bench/promptfoo.ts: runs one side of benchmark 5 in a fresh
// process (cold, then warm) and sends the timings to the parent over IPC.
// argv[2]: 'import' | 'promptfoo' | 'butterfly'; env: LOOPBACK_URL, BENCH_WORK_DIR.
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

const CASES = 200
const CONCURRENCY = 8
const url = process.env.LOOPBACK_URL ?? ''
const work = process.env.BENCH_WORK_DIR ?? ''
const questions = Array.from({ length: CASES }, (_, i) => `Question ${i}: what is the capital of France?`)

/** promptfoo from the project, or from the package directory in BUTTERFLY_BENCH_PROMPTFOO. */
async function importPromptfoo(): Promise<any> {
  const dir = process.env.BUTTERFLY_BENCH_PROMPTFOO
  const mod = dir ? await import(pathToFileURL(join(dir, 'dist/src/index.js')).href) : await import('promptfoo' as string)
  return mod.default && typeof mod.evaluate !== 'function' ? mod.default : mod
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now()
  const value = await fn()
  return { ms: performance.now() - started, value }
}

async function promptfooSide(): Promise<Record<string, number>> {
  const imported = await timed(importPromptfoo)
  const pf = imported.value
  const suite = () => ({
    prompts: ['Q: {{question}}\nA:'],
    providers: [{ id: 'openai:completion:m', config: { apiBaseUrl: url, apiKey: 'bench-no-secret', temperature: 0, max_tokens: 16 } }],
    tests: questions.map((question) => ({ vars: { question }, assert: [{ type: 'contains', value: 'Paris' }] })),
    writeLatestResults: false,
    sharing: false,
  })
  const once = async (): Promise<number> => {
    const record = await pf.evaluate(suite(), { maxConcurrency: CONCURRENCY, showProgressBar: false, cache: true, silent: true })
    const summary = await record.toEvaluateSummary()
    const passed = summary.results.filter((r: { success: boolean }) => r.success).length
    if (passed !== CASES) throw new Error(`promptfoo passed ${passed} of ${CASES}: ${JSON.stringify(summary.results.find((r: { success: boolean }) => !r.success))?.slice(0, 400)}`)
    return passed
  }
  const cold = await timed(once)
  const warm = await timed(once)
  return { importMs: imported.ms, coldMs: cold.ms, warmMs: warm.ms }
}

async function butterflySide(): Promise<Record<string, number>> {
  const imported = await timed(async () => {
    const { register } = await import('node:module')
    register('./alias-hooks.mjs', import.meta.url)
    return { core: await import('../src/index.ts'), providers: await import('../src/providers/index.ts'), zod: await import('zod') }
  })
  const { core: { definePipeline, defineStage, run }, providers: { openai }, zod: { z } } = imported.value
  const cases = defineStage({ name: 'cases', output: z.array(z.object({ id: z.number(), question: z.string() })), run: () => questions.map((question, id) => ({ id, question })) })
  const answers = defineStage({
    name: 'answers', needs: { cases }, stochastic: true, output: z.array(z.object({ id: z.number(), output: z.string() })),
    run: ({ inputs, ctx }) => ctx.map(inputs.cases, async (c) => ({
      id: c.id, output: (await ctx.llm.complete({ model: 'm', prompt: `Q: ${c.question}\nA:`, temperature: 0, max_tokens: 16 })).text,
    }), { concurrency: CONCURRENCY }),
  })
  const graded = defineStage({
    name: 'graded', needs: { answers }, output: z.array(z.object({ id: z.number(), pass: z.boolean() })),
    run: ({ inputs }) => inputs.answers.map((a) => ({ id: a.id, pass: a.output.includes('Paris') })),
  })
  const pipeline = definePipeline({ name: 'bench-eval', params: z.object({}), stages: [cases, answers, graded], models: { m: openai({ baseURL: url, apiKey: 'bench-no-secret' }) } })
  const once = async (): Promise<number> => {
    const r = await run(pipeline, {}, { cacheDir: join(work, 'cache'), llm: { mode: 'off', concurrency: CONCURRENCY } })
    const passed = r.output('graded').filter((g) => g.pass).length
    if (passed !== CASES) throw new Error(`butterfly passed ${passed} of ${CASES}`)
    return r.counts.executed
  }
  const cold = await timed(once)
  const warm = await timed(once)
  if (warm.value !== 0) throw new Error(`the warm butterfly run executed ${warm.value} stages`)
  return { importMs: imported.ms, coldMs: cold.ms, warmMs: warm.ms }
}

const side = process.argv[2]
try {
  const result = side === 'import' ? { importMs: (await timed(importPromptfoo)).ms } : side === 'promptfoo' ? await promptfooSide() : await butterflySide()
  process.send!({ type: 'result', result })
} catch (error) {
  process.send!({ type: 'error', message: (error as Error).stack ?? String(error) })
}
process.exit(0)
