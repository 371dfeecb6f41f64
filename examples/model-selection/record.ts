// Records the endpoint variant's model calls into cassettes/model-selection-endpoint/:
// starts a loopback OpenAI-compatible server serving the embedded tiny model,
// points the openai provider at it, and runs the endpoint spec's sweep in
// record mode. Run with `npm run record:model-selection`.
import { perturb, sweep } from 'vitest-butterfly'
import { startOpenAIServer } from '../../test/support/openai-server.ts'
import { endpointPipeline, endpointSweep, RECORDED_ENDPOINT } from './endpoint.ts'

// On the port the pipeline names: the endpoint is part of each recording's key.
const server = await startOpenAIServer({ port: Number(new URL(RECORDED_ENDPOINT).port) })
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
