/**
 * Says what is wrong with a value that should be a `CompletionResult`, or
 * `undefined` when it is one. A missing text must never pass as empty text.
 *
 * @example
 * checkResult({ text: 'hi', usage: { promptTokens: 1, completionTokens: 1 }, finishReason: 'stop', model: 'm' }) // undefined
 * checkResult({ usage: {} }) // 'has no text (string)'
 */
export function checkResult(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') return 'is not an object'
  const r = value as Record<string, unknown>
  if (typeof r.text !== 'string') return 'has no text (string)'
  if (typeof r.finishReason !== 'string') return 'has no finishReason (string)'
  if (typeof r.model !== 'string') return 'has no model (string)'
  const usage = r.usage as Record<string, unknown> | undefined
  if (usage === null || typeof usage !== 'object') return 'has no usage'
  for (const k of ['promptTokens', 'completionTokens'] as const) {
    const n = usage[k]
    if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) return `has usage.${k} ${JSON.stringify(n)} (expected a number >= 0)`
  }
  if (usage.cost !== undefined && (typeof usage.cost !== 'number' || !Number.isFinite(usage.cost))) return `has usage.cost ${JSON.stringify(usage.cost)}`
  return undefined
}
