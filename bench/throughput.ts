import pLimit from 'p-limit'
import { z } from 'zod'
import { definePipeline, defineStage, run } from '../src/index.ts'
import { openai } from '../src/providers/index.ts'
import { startLoopback } from './loopback.ts'
import { median } from './median.ts'
import { rawClient } from './raw-client.ts'
import type { Outcome } from './report.ts'
import { short } from './report.ts'

const LATENCY_MS = 50
const SECONDS_PER_RUN = 1
const RUNS = 3
const TARGET = 0.9

interface Measured {
  rate: number
  /** Client CPU (user + system) per call, ms. */
  cpuPerCall: number
}

async function measure(calls: number, fn: () => Promise<void>): Promise<Measured> {
  const cpu = process.cpuUsage()
  const started = performance.now()
  await fn()
  const seconds = (performance.now() - started) / 1000
  const used = process.cpuUsage(cpu)
  return { rate: calls / seconds, cpuPerCall: (used.user + used.system) / 1000 / calls }
}

const PROFILE = '**What is measured:** the loopback latency is fixed, so what is lost is client CPU: on a 2-core machine shared with other work, every millisecond of CPU per call delays the other calls in flight. `openai()` sends over `nodeFetch` (src/providers/node-fetch.ts, node:http keep-alive) instead of the platform\'s undici `fetch`. The raw node:http column shows how much of the shortfall is the machine itself. The run\'s abort signal gets one listener however many calls are queued (no `MaxListenersExceededWarning`). (Not re-profiled in this run.)'

/** Benchmark 4: model-call throughput through openai() and the client middleware vs concurrency ÷ latency. */
export async function throughput(): Promise<Outcome> {
  const server = await startLoopback(LATENCY_MS)
  try {
    const model = openai({ baseURL: server.url, apiKey: 'bench-no-secret' })
    const rows: Outcome['rows'] = []
    const table = [
      '| Concurrency | Calls per run | Ideal calls/s (c ÷ 50 ms) | butterfly calls/s | butterfly ÷ ideal | raw node:http calls/s | raw ÷ ideal | butterfly ÷ raw | client CPU per call: butterfly / raw | most in flight at the server |',
      '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ]
    for (const concurrency of [1, 8, 32]) {
      const ideal = concurrency / (LATENCY_MS / 1000)
      const calls = Math.round(ideal * SECONDS_PER_RUN)
      const prompts = Array.from({ length: calls }, (_, i) => `Question ${i}: what is the capital of France?`)
      const ask = defineStage({
        name: 'ask', stochastic: true, output: z.array(z.string()),
        run: ({ ctx }) => ctx.map(prompts, async (prompt) => (await ctx.llm.complete({ model: 'm', prompt, temperature: 0, max_tokens: 16 })).text, { concurrency }),
      })
      const pipeline = definePipeline({ name: `bench-throughput-${concurrency}`, params: z.object({}), stages: [ask], models: { m: model } })
      const llm = { mode: 'off', concurrency, retries: false } as const
      const raw = rawClient(server.url, concurrency)
      const viaRaw = async (): Promise<void> => {
        const limit = pLimit(concurrency)
        await Promise.all(prompts.map((p) => limit(() => raw.complete(p))))
      }
      let sample = 0
      const viaButterfly = async (): Promise<void> => {
        const r = await run(pipeline, {}, { cache: false, llm, sample: sample++ })
        if (r.status !== 'passed' || r.usage.calls !== calls) throw new Error(`run failed or made ${r.usage.calls} calls instead of ${calls}: ${r.error?.message}`)
      }
      await viaButterfly()
      await viaRaw()
      await server.reset()
      // Interleaved, so that both clients see the same machine load.
      const ours: Measured[] = []
      const theirs: Measured[] = []
      for (let i = 0; i < RUNS; i++) {
        ours.push(await measure(calls, viaButterfly))
        theirs.push(await measure(calls, viaRaw))
      }
      raw.close()
      const { maxInFlight } = await server.stats()
      const achieved = median(ours.map((m) => m.rate))
      const ceiling = median(theirs.map((m) => m.rate))
      const share = achieved / ideal
      table.push(`| ${concurrency} | ${calls} | ${ideal.toFixed(0)} | ${achieved.toFixed(1)} | ${(share * 100).toFixed(1)}% | ${ceiling.toFixed(1)} | ${(ceiling / ideal * 100).toFixed(1)}% | ${(achieved / ceiling * 100).toFixed(1)}% | ${median(ours.map((m) => m.cpuPerCall)).toFixed(2)} ms / ${median(theirs.map((m) => m.cpuPerCall)).toFixed(2)} ms | ${maxInFlight} |`)
      rows.push({ measure: `calls/s at concurrency ${concurrency}: achieved ÷ ideal (${ideal.toFixed(0)}/s)`, value: `${(share * 100).toFixed(1)}% (${achieved.toFixed(1)}/s; raw node:http: ${(ceiling / ideal * 100).toFixed(1)}%)`, target: `≥ ${TARGET * 100}%`, verdict: share >= TARGET ? 'met' : 'missed', ...(share < TARGET ? { by: short(share, TARGET) } : {}) })
    }
    return {
      rows,
      notes: [
        `Loopback OpenAI-compatible server (test/support/openai-server.ts, shared with the provider tests, run in a child process so it does not share the client's event loop) answering every \`/v1/completions\` request after a fixed ${LATENCY_MS} ms with a canned completion. ` +
        'Each butterfly run is one stochastic stage that maps its prompts through `ctx.llm.complete` with `ctx.map` at the given concurrency, through `openai()` (official SDK over its default transport, node:http keep-alive) and the run\'s client middleware ' +
        '(per-model concurrency limit set to the same value, result checks, usage accounting; cassettes and retries off so that every call reaches the server). ' +
        `Each run makes ${SECONDS_PER_RUN} s worth of ideal calls; after a warm-up, ${RUNS} butterfly runs are interleaved with ${RUNS} runs of the leanest possible client (node:http, keep-alive agent) at the same concurrency, ` +
        'which shows what the machine itself allows (timer slack and scheduling under load). Achieved = calls ÷ wall time; medians of the runs. Client CPU per call is `process.cpuUsage()` over the run ÷ calls.',
        table.join('\n'),
        PROFILE,
      ],
    }
  } finally {
    await server.close()
  }
}
