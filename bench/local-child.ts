// Child process of bench/local-model.ts: one fresh process = one worker. Measures
// the first call of the embedded model (native binding, model file, context,
// generation) and then steady generations, and sends the figures over IPC.
const MAX_TOKENS = 64
const PROMPTS = ['Once upon a time', 'The little dog', 'Lily went to the park', 'One day, a big bear', 'Tom had a red ball', 'The sun was hot']

const started = performance.now()
const { local } = await import('../src/providers/local.ts')
const importMs = performance.now() - started
const model = local()
const call = (prompt: string, seed: number) => model.complete({ model: 'tiny-story', prompt, temperature: 0.8, top_p: 0.9, top_k: 40, seed, max_tokens: MAX_TOKENS })

try {
  const t0 = performance.now()
  const first = await call(PROMPTS[0]!, 1)
  const firstMs = performance.now() - t0
  // The same request again: it generates the same tokens without any loading.
  const t1 = performance.now()
  const again = await call(PROMPTS[0]!, 1)
  const againMs = performance.now() - t1
  if (again.text !== first.text) throw new Error('the same request gave a different text')
  let tokens = 0
  const t2 = performance.now()
  for (let round = 0; round < 3; round++) {
    for (const [i, prompt] of PROMPTS.entries()) tokens += (await call(prompt, 100 + round * 10 + i)).usage.completionTokens
  }
  const steadyMs = performance.now() - t2
  process.send!({ type: 'result', result: { importMs, firstMs, againMs, loadMs: firstMs - againMs, tokens, steadyMs, tokensPerSecond: tokens / (steadyMs / 1000), firstTokens: first.usage.completionTokens } })
} catch (error) {
  process.send!({ type: 'error', message: (error as Error).stack ?? String(error) })
}
process.exit(0)
