import { openai } from 'vitest-butterfly/providers'
import { createPipeline } from './pipeline.ts'

/**
 * The endpoint the recordings were made against: a loopback server that
 * `npm run record:model-selection` starts on this port. The endpoint is part
 * of every recording's key (another endpoint never replays these answers),
 * so the pipeline names it even where nothing listens, as in CI.
 */
export const RECORDED_ENDPOINT = 'http://127.0.0.1:48261/v1'

/**
 * The model-selection pipeline with every model call going through the
 * `openai` SDK to an OpenAI-compatible endpoint. Its recordings are committed
 * under `cassettes/model-selection-endpoint/`, so CI (`CI=true`: replay mode)
 * runs it with no endpoint, no key and no network. They were recorded by
 * `npm run record:model-selection`, against a loopback OpenAI-compatible
 * server that serves the embedded tiny model over real HTTP.
 */
export const endpointPipeline = createPipeline({
  generator: openai({ baseURL: RECORDED_ENDPOINT, model: 'stories260K' }),
  candidate: openai({ baseURL: RECORDED_ENDPOINT, model: 'stories260K' }),
}, 'model-selection-endpoint')

/** The sweep the endpoint spec asserts on; the recording script runs exactly this. */
export const endpointSweep = {
  params: { generation: { items: 4, max_tokens: 24 }, answer: { max_tokens: 8 } },
  repeats: 3,
} as const
