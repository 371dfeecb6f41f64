import { hashValue } from 'vitest-butterfly'
import type { CallOptions, ChatRequest, CompletionRequest, CompletionResult, LlmProvider } from 'vitest-butterfly'

const WORDS = ['the', 'cat', 'sat', 'on', 'a', 'mat', 'and', 'dog', 'ran', 'far', 'sun', 'was', 'big', 'red', 'ball', 'tree']

/**
 * A custom provider as users write one: a plain object whose text is a
 * deterministic function of the request (prompt or messages, sampling params,
 * seed), produced word by word so that an abort can stop it part way.
 */
export function wordProvider(options: { network?: boolean; msPerWord?: number } = {}): LlmProvider & { calls: number } {
  const msPerWord = options.msPerWord ?? 0
  const provider = {
    kind: 'words',
    network: options.network ?? false,
    calls: 0,
    async complete(request: CompletionRequest, call?: CallOptions): Promise<CompletionResult> {
      return generate(request, request.prompt, call)
    },
    async chat(request: ChatRequest, call?: CallOptions): Promise<CompletionResult> {
      return generate(request, request.messages.map((m) => m.content).join('\n'), call)
    },
  }
  async function generate(request: CompletionRequest | ChatRequest, prompt: string, call?: CallOptions): Promise<CompletionResult> {
    provider.calls++
    call?.signal?.throwIfAborted()
    const n = request.max_tokens ?? 16
    const words: string[] = []
    for (let i = 0; i < n; i++) {
      if (msPerWord > 0) await new Promise((r) => setTimeout(r, msPerWord))
      call?.signal?.throwIfAborted()
      const h = hashValue({ prompt, t: request.temperature, p: request.top_p, k: request.top_k, seed: request.seed ?? 0, i })
      words.push(WORDS[Number.parseInt(h.slice(0, 4), 16) % WORDS.length]!)
    }
    return {
      text: ` ${words.join(' ')}`,
      usage: { promptTokens: prompt.split(/\s+/).filter(Boolean).length || 1, completionTokens: words.length },
      finishReason: 'length',
      model: request.model,
    }
  }
  return provider
}
