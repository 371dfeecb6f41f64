import { describe, expect, it } from 'vitest'
import { ProviderError } from '../errors.ts'
import { parseOpenAIBody } from './openai-body.ts'

const completion = { model: 'm-1', choices: [{ text: ' there', finish_reason: 'length' }], usage: { prompt_tokens: 3, completion_tokens: 2 } }

describe('parseOpenAIBody', () => {
  it('reads text, finish reason, model and usage of both endpoints', () => {
    expect(parseOpenAIBody('complete', JSON.stringify(completion), 'w')).toEqual({ text: ' there', finishReason: 'length', model: 'm-1', usage: { promptTokens: 3, completionTokens: 2 } })
    const chat = { model: 'm-2', choices: [{ message: { role: 'assistant', content: 'Hi' }, finish_reason: 'stop' }] }
    expect(parseOpenAIBody('chat', JSON.stringify(chat), 'w')).toMatchObject({ text: 'Hi', finishReason: 'stop', usage: { promptTokens: 0, completionTokens: 0 } })
  })

  it('treats truncated JSON, no choices and a missing text as retryable errors, never as empty text', () => {
    const json = JSON.stringify(completion)
    const cases = [json.slice(0, json.length / 2), '', '<html>bad gateway</html>', '{"choices":[]}', '{"choices":[{"finish_reason":"stop"}]}', 'null']
    for (const body of cases) {
      const error = (() => { try { parseOpenAIBody('complete', body, 'openai model "m"') } catch (e) { return e } })()
      expect(error, body).toBeInstanceOf(ProviderError)
      expect(error).toMatchObject({ retryable: true, reason: 'invalid-body' })
      expect((error as Error).message).toMatch(/openai model "m": invalid response body/)
    }
    expect(() => parseOpenAIBody('chat', '{"choices":[{"message":{"content":null}}]}', 'w')).toThrow(/content is not a string/)
  })
})
