import type { LlmProvider } from 'vitest-butterfly'
import { defineStage, hashValue } from 'vitest-butterfly'
import { z } from 'zod'
import { BENCHMARK_AGENT } from '../agent/models.ts'
import { AGENT_SYSTEM_PROMPT, agentMessages } from '../agent/prompt.ts'
import { checkQuestion, REJECTION_REASONS } from '../agent/question.ts'
import type { DocumentFactsLlmParams } from '../params.ts'
import { answerOf, factRank, itemSchema, questionOf, selectFacts } from './benchmark.ts'
import { documents } from './documents.ts'
import type { Fact } from './facts.ts'
import { facts } from './facts.ts'

/** An item of the LLM `benchmark` stage: a template item whose question the agent wrote, or the template's when the agent's answer was unusable. */
export const agentItemSchema = itemSchema.extend({
  /** `llm`: the agent's question; `template-fallback`: the `template` question, because the agent's was rejected. */
  source: z.enum(['llm', 'template-fallback']),
  /** Why the agent's answer was rejected (only with `template-fallback`). */
  rejected: z.enum(REJECTION_REASONS).optional(),
  /** The agent's answer as it came, whitespace collapsed, at most {@link MAX_REPLY_CHARS} characters: what a reviewer reads to see why it was rejected. */
  reply: z.string(),
})

/** Longest `reply` kept in an item. */
export const MAX_REPLY_CHARS = 300

/** An item of the LLM `benchmark` stage. */
export type AgentBenchmarkItem = z.infer<typeof agentItemSchema>

/**
 * The seed of one fact's call: from the sample's seed and the fact id, so a
 * fact's question does not depend on which other facts were chosen.
 *
 * @example
 * factSeed(ctx.seed, 'gen-simple:north-bridge-spans#0=318 m') // an unsigned 32-bit integer
 */
export function factSeed(seed: number, factId: string): number {
  return Number.parseInt(hashValue([seed, factId]).slice(0, 8), 16)
}

/** The `maxFacts` lowest-ranked facts the template stage would use, in the template stage's order. */
function chooseFacts(all: readonly Fact[], params: DocumentFactsLlmParams['benchmark'], maxFacts: number): Fact[] {
  const selected = selectFacts(all, params)
  const kept = new Set(selected.map((f) => ({ f, rank: factRank(f.id) })).sort((a, b) => a.rank - b.rank).slice(0, maxFacts).map(({ f }) => f))
  return selected.filter((f) => kept.has(f))
}

/** What makes a provider answer differently: its kind and identity (for `openai()`, the endpoint and upstream model; for `local()`, the GGUF file name). */
function modelIdentity(provider: LlmProvider): unknown {
  return { kind: provider.kind, identity: (provider as { identity?: unknown }).identity ?? null }
}

/**
 * `benchmark` as an LLM agent, on `provider` (the pipeline's
 * `benchmark-agent`): for each of at most `agent.maxFacts` facts (the
 * lowest-ranked of those the template stage would use) the agent is asked
 * for a question whose answer is the fact's value. The answer is checked
 * ({@link checkQuestion}); an unusable answer gives the `benchmark.template`
 * question instead, marked `template-fallback` with the reason. The reference
 * answer is always the fact's value. A failing model call (no endpoint, no
 * recording in CI) fails the stage.
 *
 * The provider's kind and identity are part of the stage version, so the
 * same params on another model are another cache entry (stage keys do not
 * include the pipeline's models).
 *
 * @example
 * const stage = createAgentBenchmark(openai({ model: 'gpt-4o-mini' }))
 */
export function createAgentBenchmark(provider: LlmProvider) {
  return defineStage({
    name: 'benchmark',
    stochastic: true,
    // Bump when agent/question.ts or the user message changes; the system prompt and the model are hashed in.
    version: `agent-1:${hashValue({ prompt: AGENT_SYSTEM_PROMPT, model: modelIdentity(provider) }).slice(0, 16)}`,
    params: (p: DocumentFactsLlmParams) => ({ benchmark: p.benchmark, agent: p.agent }),
    needs: { documents, facts },
    output: z.array(agentItemSchema),
    run: async ({ params: { benchmark, agent }, inputs, ctx }) => {
      const titles = new Map(inputs.documents.map((d) => [d.id, d.title]))
      const seed = ctx.seed
      let shown = 0
      const items = await ctx.map(chooseFacts(inputs.facts, benchmark, agent.maxFacts), async (fact): Promise<AgentBenchmarkItem> => {
        const title = titles.get(fact.doc) ?? fact.doc
        const response = await ctx.llm.chat({
          model: BENCHMARK_AGENT, messages: agentMessages(fact, title), seed: factSeed(seed, fact.id),
          temperature: agent.temperature, top_p: agent.top_p, max_tokens: agent.max_tokens, ...(agent.top_k > 0 ? { top_k: agent.top_k } : {}),
        })
        const checked = checkQuestion(response.text, fact)
        const item = {
          id: `llm:${fact.id}`, factId: fact.id, doc: fact.doc, class: fact.class, kind: fact.kind, template: benchmark.template, answer: answerOf(fact),
          reply: response.text.replace(/\s+/g, ' ').trim().slice(0, MAX_REPLY_CHARS),
        }
        if (checked.status === 'accepted') return { ...item, question: checked.question, source: 'llm' }
        if (shown++ < 3) ctx.log(`${fact.id}: ${checked.reason}: ${JSON.stringify(item.reply.slice(0, 80))}`)
        return { ...item, question: questionOf(fact, title, benchmark.template), source: 'template-fallback', rejected: checked.reason }
      }, { concurrency: 4 })
      ctx.log(`${items.length} items: ${items.filter((i) => i.source === 'llm').length} written by ${BENCHMARK_AGENT}, ${items.filter((i) => i.source === 'template-fallback').length} template fallbacks`)
      return items
    },
  })
}
