import type { ChatMessage } from '../core/llm.ts'

/** A chat turned into a raw prompt, with the stop strings that end the assistant's turn. */
export interface FlatChat {
  prompt: string
  stop: string[]
}

/** Turns chat messages into a raw completion prompt. */
export type ChatFormat = (messages: readonly ChatMessage[]) => FlatChat

const LABEL: Record<ChatMessage['role'], string> = { system: 'System', user: 'User', assistant: 'Assistant' }

/**
 * The default flattening for models without a chat template: one
 * `Role: content` paragraph per message, then `Assistant:` for the model to
 * continue; generation stops where the model would start the next user turn.
 *
 * @example
 * flattenChat([{ role: 'user', content: 'Tell a story.' }]).prompt // 'User: Tell a story.\nAssistant:'
 */
export const flattenChat: ChatFormat = (messages) => ({
  prompt: `${messages.map((m) => `${LABEL[m.role] ?? m.role}: ${m.content}`).join('\n')}\nAssistant:`,
  stop: ['\nUser:', '\nSystem:'],
})
