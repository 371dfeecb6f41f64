import { describe, expect, it } from 'vitest'
import { priceUsage } from './prices.ts'

describe('priceUsage', () => {
  it('prices input and output tokens per million; unpriced models get no cost', () => {
    const prices = { m: { input: 0.15, output: 0.6 } }
    expect(priceUsage({ promptTokens: 2000, completionTokens: 500 }, 'm', prices).cost).toBeCloseTo(0.0006, 12)
    expect(priceUsage({ promptTokens: 2000, completionTokens: 500 }, 'other', prices)).toEqual({ promptTokens: 2000, completionTokens: 500 })
    expect(priceUsage({ promptTokens: 1, completionTokens: 1, cost: 9 }, 'x', undefined)).toEqual({ promptTokens: 1, completionTokens: 1 })
  })
})
