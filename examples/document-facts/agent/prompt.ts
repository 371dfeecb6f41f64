import type { ChatMessage } from 'vitest-butterfly'
import { answerOf } from '../stages/benchmark.ts'
import type { Fact } from '../stages/facts.ts'

/** Longest passage shown to the agent, in characters: a fact's context is the text since the previous fact, which can run long in prose. */
export const MAX_PASSAGE_CHARS = 400

/** What the agent is told once, for every fact. */
export const AGENT_SYSTEM_PROMPT =
  'You write reading-comprehension questions for a benchmark built from documents. ' +
  'Reply with exactly one question on one line, ending with a question mark. ' +
  'The question must be answerable from the passage, its answer must be exactly the given answer, ' +
  'and it must not contain the answer itself.'

function passageOf(fact: Fact): string {
  const text = fact.context.replace(/\s+/g, ' ').trim()
  return text.length <= MAX_PASSAGE_CHARS ? text : `…${text.slice(text.length - MAX_PASSAGE_CHARS + 1)}`
}

/**
 * The chat asking the benchmark agent for a question about one fact: the
 * document title, the passage that ends with the fact, and the answer the
 * question must have (the fact's normalised value and unit).
 *
 * @example
 * await ctx.llm.chat({ model: 'benchmark-agent', messages: agentMessages(fact, 'Aldermoor district facts'), max_tokens: 48 })
 */
export function agentMessages(fact: Fact, title: string): ChatMessage[] {
  return [
    { role: 'system', content: AGENT_SYSTEM_PROMPT },
    { role: 'user', content: `Document: "${title}"\nPassage: ${passageOf(fact)}\nAnswer: ${answerOf(fact)}` },
  ]
}
