import type { LlmProvider } from 'vitest-butterfly'
import { local, openai } from 'vitest-butterfly/providers'

/** The model id the LLM benchmark stage calls. */
export const BENCHMARK_AGENT = 'benchmark-agent'

/**
 * The models of the LLM variant of the pipeline: `benchmark-agent`. By
 * default the embedded tiny model (offline, `BUTTERFLY_LOCAL_MODEL` names
 * another GGUF file); it writes children's stories and cannot follow the
 * instruction, so nearly every item falls back to the template: the point is
 * the wiring. `BUTTERFLY_PROVIDER=openai` points it at an OpenAI-compatible
 * endpoint (`OPENAI_BASE_URL`, `OPENAI_API_KEY`, model
 * `BUTTERFLY_AGENT_MODEL`, default `gpt-4o-mini`); its calls are then
 * recorded into cassettes and CI replays them.
 *
 * @example
 * createDocumentFactsPipeline({ benchmark: 'llm', models: agentModels({ BUTTERFLY_PROVIDER: 'openai' }) })
 */
export function agentModels(env: NodeJS.ProcessEnv = process.env): Record<string, LlmProvider> {
  if (env.BUTTERFLY_PROVIDER === 'openai') return { [BENCHMARK_AGENT]: openai({ model: env.BUTTERFLY_AGENT_MODEL ?? 'gpt-4o-mini' }) }
  return { [BENCHMARK_AGENT]: local() }
}
