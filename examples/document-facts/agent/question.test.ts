import { describe, expect, it } from 'vitest'
import { checkQuestion } from './question.ts'

const bridge = { label: 'north bridge spans', value: '318', raw: '318 m' }
const museum = { label: 'town museum opened', value: '1998-06-02', raw: '2 June 1998' }

describe('checkQuestion', () => {
  it('accepts one question about the fact and unwraps what chat models put around it', () => {
    for (const text of [
      'How long is the north bridge?',
      'Question: How long is the north bridge?',
      '**Question:** How long is the north bridge?',
      '1. "How long is the north bridge?"',
      '\n\n  How long is the north bridge?  It spans the river.\nSecond line?',
    ]) {
      expect(checkQuestion(text, bridge), text).toEqual({ status: 'accepted', question: 'How long is the north bridge?' })
    }
  })

  it('matches label words by their first four letters', () => {
    expect(checkQuestion('What length is the span over the river?', bridge).status).toBe('accepted')
    expect(checkQuestion('When did it open its doors to visitors?', museum).status).toBe('accepted')
  })

  it('gives the reason for each answer it rejects', () => {
    const cases: [string, string][] = [
      ['   \n ', 'empty'],
      ['Once upon a time, there was a little bridge.', 'no-question-mark'],
      ['The bridge was long. How long was the bridge?', 'several-sentences'],
      ['Wow! How long is the north bridge?', 'several-sentences'],
      ['Bridge?', 'too-short'],
      [`Is the north bridge ${'very '.repeat(70)}long?`, 'too-long'],
      ['Does the north bridge span 318 m?', 'leaks-answer'],
      ['Did the town museum open on 2 June 1998?', 'leaks-answer'],
      ['Was it 1998-06-02 when the museum opened?', 'leaks-answer'],
      ['What are you doing? Sally asked.', 'off-topic'],
    ]
    for (const [text, reason] of cases) {
      const fact = text.includes('museum') ? museum : bridge
      expect(checkQuestion(text, fact), text).toEqual({ status: 'rejected', reason })
    }
  })

  it('does not take a number inside a longer number for the answer', () => {
    const five = { label: 'ward count', value: '5', raw: '5' }
    expect(checkQuestion('How many wards were counted in 2025?', five).status).toBe('accepted')
    expect(checkQuestion('Were 5.5 wards counted?', five).status).toBe('accepted')
    expect(checkQuestion('Were 5 wards counted?', five)).toEqual({ status: 'rejected', reason: 'leaks-answer' })
  })
})
