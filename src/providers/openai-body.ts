import type { CompletionResult } from '../core/llm.ts'
import { ProviderError } from '../errors.ts'

/** A body that is not a usable answer: retried like a server error, never read as empty text. */
function invalidBody(what: string, detail: string): ProviderError {
  return Object.assign(new ProviderError(`${what}: invalid response body: ${detail}`, { component: 'providers' }), {
    retryable: true,
    reason: 'invalid-body' as const,
  })
}

function count(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : 0
}

/**
 * Parses the body of `/v1/completions` or `/v1/chat/completions` into a
 * result. Truncated or malformed JSON, a missing choice or a missing text is
 * an error (retryable), not an empty answer.
 *
 * @example
 * parseOpenAIBody('complete', '{"model":"m","choices":[{"text":"hi","finish_reason":"stop"}]}', 'openai model "m"').text // 'hi'
 */
export function parseOpenAIBody(call: 'complete' | 'chat', body: string, what: string): CompletionResult {
  let json: unknown
  try {
    json = JSON.parse(body)
  } catch (cause) {
    const preview = body.length > 80 ? `${body.slice(0, 80)}…` : body
    throw invalidBody(what, `${(cause as Error).message} (${body.length} bytes: ${JSON.stringify(preview)})`)
  }
  if (json === null || typeof json !== 'object') throw invalidBody(what, 'not a JSON object')
  const o = json as { model?: unknown; choices?: unknown; usage?: Record<string, unknown> | null }
  if (!Array.isArray(o.choices) || o.choices.length === 0) throw invalidBody(what, 'no choices')
  const choice = o.choices[0] as { text?: unknown; finish_reason?: unknown; message?: { content?: unknown } } | null
  const text = call === 'complete' ? choice?.text : choice?.message?.content
  if (typeof text !== 'string') {
    throw invalidBody(what, call === 'complete' ? 'choices[0].text is not a string' : 'choices[0].message.content is not a string (a refusal or tool call?)')
  }
  return {
    text,
    usage: { promptTokens: count(o.usage?.prompt_tokens), completionTokens: count(o.usage?.completion_tokens) },
    finishReason: typeof choice?.finish_reason === 'string' ? choice.finish_reason : 'stop',
    model: typeof o.model === 'string' ? o.model : '',
  }
}
