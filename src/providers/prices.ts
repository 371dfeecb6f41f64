import type { Usage } from '../core/llm.ts'
import { own } from '../core/own.ts'

/** Price of one model, per million tokens, in one currency of your choice. */
export interface ModelPrice {
  /** Per million prompt (input) tokens. */
  input: number
  /** Per million completion (output) tokens. */
  output: number
}

/**
 * Prices by model id (the ids of the pipeline's `models`).
 *
 * @example
 * const prices: PriceTable = { 'gpt-4o-mini': { input: 0.15, output: 0.6 } }
 */
export type PriceTable = Record<string, ModelPrice>

/**
 * Usage with its cost added when the table prices `model`; unchanged otherwise.
 *
 * @example
 * priceUsage({ promptTokens: 1_000_000, completionTokens: 0 }, 'm', { m: { input: 2, output: 8 } }).cost // 2
 */
export function priceUsage(usage: Usage, model: string, prices: PriceTable | undefined): Usage {
  const price = own(prices, model)
  const base: Usage = { promptTokens: usage.promptTokens, completionTokens: usage.completionTokens }
  if (!price) return base
  return { ...base, cost: (usage.promptTokens * price.input + usage.completionTokens * price.output) / 1_000_000 }
}
