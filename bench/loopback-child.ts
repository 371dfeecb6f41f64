// Child process of bench/loopback.ts: the shared OpenAI-compatible test server
// (test/support/openai-server.ts) with the canned model, in its own process so
// that its work does not share the measured client's event loop.
import { register } from 'node:module'

register('./alias-hooks.mjs', import.meta.url)
const { startOpenAIServer } = await import('../test/support/openai-server.ts')
const { cannedProvider } = await import('./canned-provider.ts')

const server = await startOpenAIServer({ provider: cannedProvider(), latencyMs: Number(process.env.LOOPBACK_LATENCY_MS ?? 50) })
process.on('message', (message: { type: string }) => {
  if (message.type === 'stats') process.send!({ type: 'stats', requests: server.requests.length, maxInFlight: server.stats.maxInFlight })
  if (message.type === 'reset') {
    server.reset()
    process.send!({ type: 'reset' })
  }
  if (message.type === 'close') void server.close().then(() => process.exit(0))
})
process.send!({ type: 'ready', url: server.url })
