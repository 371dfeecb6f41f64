import { describe, expect, it } from 'vitest'
import { flattenChat } from './chat-prompt.ts'

describe('flattenChat', () => {
  it('writes one labelled line per message, ends with the assistant label and stops at the next user turn', () => {
    const flat = flattenChat([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'Hello.' },
      { role: 'user', content: 'A story?' },
    ])
    expect(flat.prompt).toBe('System: Be brief.\nUser: Hi\nAssistant: Hello.\nUser: A story?\nAssistant:')
    expect(flat.stop).toContain('\nUser:')
  })
})
