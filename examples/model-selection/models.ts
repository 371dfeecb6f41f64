import type { LlmProvider } from 'vitest-butterfly'
import { local, openai } from 'vitest-butterfly/providers'

/**
 * The models the pipeline's stages call. By default both the generator and
 * the candidates are the embedded tiny model (offline, deterministic per
 * seed). `BUTTERFLY_PROVIDER=openai` points them at an OpenAI-compatible
 * endpoint (`OPENAI_BASE_URL`, `OPENAI_API_KEY`); the calls are then recorded
 * into cassettes and CI replays them.
 */
export function models(env: NodeJS.ProcessEnv = process.env): Record<string, LlmProvider> {
  if (env.BUTTERFLY_PROVIDER === 'openai') {
    return {
      generator: openai({ model: env.BUTTERFLY_GENERATOR_MODEL ?? 'gpt-4o-mini' }),
      candidate: openai({ model: env.BUTTERFLY_CANDIDATE_MODEL ?? 'gpt-4o-mini' }),
    }
  }
  const tiny = local({ ...(env.BUTTERFLY_LOCAL_MODEL ? { model: env.BUTTERFLY_LOCAL_MODEL } : {}) })
  return { generator: tiny, candidate: tiny }
}
