import type { CompletionResult, LlmProvider } from '../src/index.ts'

/** The fixed answer of the loopback server's model (contains "Paris"). */
export const CANNED_TEXT = ' The capital of France is Paris.'

/**
 * The model behind the loopback OpenAI-compatible server in benchmarks 4 and
 * 5: it answers every request at once with the same text, so the server's
 * fixed latency is the only cost of a call.
 */
export function cannedProvider(): LlmProvider {
  const answer = (model: string): CompletionResult => ({ text: CANNED_TEXT, usage: { promptTokens: 8, completionTokens: 7 }, finishReason: 'stop', model })
  return {
    kind: 'canned',
    complete: async (request) => answer(request.model),
    chat: async (request) => answer(request.model),
  }
}
