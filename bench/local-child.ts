// Child process of bench/local-model.ts: one fresh process = one worker. Measures
// the first call of the embedded model (native binding, model file, context,
// generation) and then steady generations, and sends the figures over IPC.
const MAX_TOKENS = 64
const PROMPTS = ['Once upon a time', 'The little dog', 'Lily went to the park', 'One day, a big bear', 'Tom had a red ball', 'The sun was hot']

if (process.argv[2] === 'breakdown') {
  // The load steps alone, with local()'s settings (src/providers/local-runtime.ts), to see which one costs.
  const { resolveLocalModelPath } = await import('../src/providers/local-model-path.ts')
  const t = [performance.now()]
  const { getLlama, LlamaLogLevel } = await import('node-llama-cpp')
  t.push(performance.now())
  const llama = await getLlama({ gpu: false, maxThreads: 1, build: 'never', logLevel: LlamaLogLevel.error, progressLogs: false })
  t.push(performance.now())
  const loaded = await llama.loadModel({ modelPath: resolveLocalModelPath().path })
  t.push(performance.now())
  await loaded.createContext({ threads: 1, sequences: 1, contextSize: Math.min(loaded.trainContextSize, 4096) })
  t.push(performance.now())
  const [importMs, getLlamaMs, loadModelMs, contextMs] = t.slice(1).map((x, i) => x - t[i]!)
  process.send!({ type: 'result', result: { importMs, getLlamaMs, loadModelMs, contextMs } })
  process.exit(0)
}

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
