import type { LlmProvider } from 'vitest-butterfly'
import { definePipeline } from 'vitest-butterfly'
import { answer } from './answer.ts'
import { generate } from './generate.ts'
import { models } from './models.ts'
import { params } from './params.ts'
import { score } from './score.ts'
import { select } from './select.ts'

/**
 * generate (benchmark-generating agent) → answer (candidates) → score (token
 * F1 against the generated reference) → select (ranking and best model), on
 * the given models (ids `generator` and `candidate`).
 *
 * @example
 * const viaEndpoint = createPipeline({ generator: openai(), candidate: openai() }, 'model-selection-endpoint')
 */
export function createPipeline(providers: Record<string, LlmProvider>, name = 'model-selection') {
  return definePipeline({
    name,
    description: 'top_p of the benchmark-generating agent ripples to the best model',
    params,
    stages: [generate, answer, score, select],
    models: providers,
  })
}

/**
 * The pipeline on the default models: the embedded tiny model, or an
 * OpenAI-compatible endpoint with `BUTTERFLY_PROVIDER=openai`.
 *
 * @example
 * const result = await run(pipeline, { generation: { top_p: 0.95 } })
 * result.output('select').best
 */
export const pipeline = createPipeline(models())
