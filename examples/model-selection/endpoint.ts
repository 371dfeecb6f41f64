import { openai } from 'vitest-butterfly/providers'
import { createPipeline } from './pipeline.ts'

/**
 * The model-selection pipeline with every model call going through the
 * `openai` SDK to an OpenAI-compatible endpoint. Its recordings are committed
 * under `cassettes/model-selection-endpoint/`, so CI (`CI=true`: replay mode)
 * runs it with no endpoint, no key and no network. They were recorded by
 * `npm run record:model-selection`, against a loopback OpenAI-compatible
 * server that serves the embedded tiny model over real HTTP.
 */
export const endpointPipeline = createPipeline({
  generator: openai({ model: 'stories260K' }),
  candidate: openai({ model: 'stories260K' }),
}, 'model-selection-endpoint')

/** The sweep the endpoint spec asserts on; the recording script runs exactly this. */
export const endpointSweep = {
  params: { generation: { items: 4, max_tokens: 24 }, answer: { max_tokens: 8 } },
  repeats: 3,
} as const
