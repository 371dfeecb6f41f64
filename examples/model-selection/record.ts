// Records the endpoint variant's model calls into cassettes/model-selection-endpoint/:
// starts a loopback OpenAI-compatible server serving the embedded tiny model,
// points the openai provider at it, and runs the endpoint spec's sweep in
// record mode. Run with `npm run record:model-selection`.
import { perturb, sweep } from 'vitest-butterfly'
import { startOpenAIServer } from '../../test/support/openai-server.ts'
import { endpointPipeline, endpointSweep } from './endpoint.ts'

const server = await startOpenAIServer()
process.env.OPENAI_BASE_URL = server.url
process.env.OPENAI_API_KEY ??= 'sk-local-recording'
try {
  const s = await sweep(endpointPipeline, {
    ...endpointSweep,
    perturbations: perturb.jitter('generation.top_p', 0.05),
    cache: false,
    llm: { mode: 'record' },
  })
  const failed = s.variants.flatMap((v) => v.runs).find((r) => r.status === 'failed')
  if (failed) throw failed.error
  console.log(`recorded ${server.requests.length} requests for ${s.variants.length} variants × ${s.repeats} repeats`)
} finally {
  await server.close()
}
