import type { ChatMessage, LlmClient, SamplingParams } from '../../core/llm.ts'

/** A pipeline model as promptfoo sees it: a model id and how to call it. */
export interface PromptfooModel extends Omit<SamplingParams, 'seed'> {
  /** Model id from the pipeline's `models`. */
  model: string
  /** `chat` sends the rendered prompt as messages (a JSON chat array, or one user message); `complete` as raw text. @default 'chat' */
  call?: 'chat' | 'complete'
  /** Shown as the provider in results. @default the model id */
  label?: string
}

/** The promptfoo provider object (promptfoo's `ApiProvider` shape, the fields used). */
export interface PromptfooApiProvider {
  id(): string
  label: string
  callApi(prompt: string, context?: unknown, options?: { abortSignal?: AbortSignal }): Promise<{
    output?: string
    error?: string
    tokenUsage?: { prompt: number; completion: number; total: number; numRequests: number }
    metadata?: Record<string, unknown>
  }>
}

const ROLES = new Set(['system', 'user', 'assistant'])

/** Reads a rendered prompt as chat messages: a JSON array of `{ role, content }`, else one user message. */
export function promptToMessages(prompt: string): ChatMessage[] {
  const text = prompt.trim()
  if (text.startsWith('[')) {
    try {
      const value: unknown = JSON.parse(text)
      if (Array.isArray(value) && value.length > 0 && value.every((m) => m && ROLES.has(m.role) && typeof m.content === 'string')) {
        return value.map((m: ChatMessage) => ({ role: m.role, content: m.content }))
      }
    } catch {
      // a prompt that merely starts with "[" is plain text
    }
  }
  return [{ role: 'user', content: prompt }]
}

/**
 * A promptfoo provider whose `callApi` goes through `ctx.llm`, so promptfoo's
 * calls are cached, recorded, replayed, retried and counted like every other
 * call of the stage. Every call uses the stage's seed. A failing call (after
 * the client's retries, or a missing recording in replay) is reported to
 * `onFailure` and returned to promptfoo as an error row; the stage then
 * rethrows it, so an infrastructure failure fails the stage instead of
 * becoming a failed test.
 *
 * @example
 * const provider = promptfooProvider(ctx.llm, ctx.seed, { model: 'tiny-story', call: 'complete', max_tokens: 32 }, (e) => failures.push(e))
 */
export function promptfooProvider(llm: LlmClient, seed: number, model: PromptfooModel, onFailure: (error: unknown) => void): PromptfooApiProvider {
  const { model: id, call = 'chat', label = id, ...sampling } = model
  return {
    id: () => `butterfly:${id}`,
    label,
    async callApi(prompt) {
      try {
        const result = call === 'complete'
          ? await llm.complete({ ...sampling, model: id, prompt, seed })
          : await llm.chat({ ...sampling, model: id, messages: promptToMessages(prompt), seed })
        const { promptTokens, completionTokens } = result.usage
        return {
          output: result.text,
          tokenUsage: { prompt: promptTokens, completion: completionTokens, total: promptTokens + completionTokens, numRequests: 1 },
          metadata: { finishReason: result.finishReason },
        }
      } catch (error) {
        onFailure(error)
        return { error: `[butterfly] model "${id}" failed: ${error instanceof Error ? error.message : String(error)}` }
      }
    },
  }
}
