import type { ChatMessage } from '../core/llm.ts'

/** One thing to judge. */
export interface JudgeItem {
  /** Identifies the item in the stage output; @default its index */
  id?: string
  /** What the output answers (question, task, source text). */
  input?: string
  /** The output to score. */
  output: string
  /** A reference answer, when the rubric compares against one. */
  reference?: string
}

/** What a prompt format gets besides the item. */
export interface JudgePromptSpec {
  rubric: string
  /** The scale in one sentence, e.g. "The score is a number from 1 (worst) to 5 (best)." */
  scale: string
}

/** Builds the raw prompt of a completion judge; the answer is the model's continuation. */
export type JudgeCompletionFormat = (item: JudgeItem, spec: JudgePromptSpec) => string

/** Builds the messages of a chat judge. */
export type JudgeChatFormat = (item: JudgeItem, spec: JudgePromptSpec) => ChatMessage[]

function sections(item: JudgeItem): string {
  return [
    item.input !== undefined ? `Input:\n${item.input}` : undefined,
    item.reference !== undefined ? `Reference answer:\n${item.reference}` : undefined,
    `Output:\n${item.output}`,
  ].filter((s) => s !== undefined).join('\n\n')
}

/**
 * The default chat format: a system message with the rubric, the scale and a
 * request for JSON `{"score": …, "reason": …}`, and a user message with the
 * input, the reference and the output.
 *
 * @example
 * defaultJudgeMessages({ output: 'Paris' }, { rubric: 'Is it correct?', scale: 'The score is a number from 1 (worst) to 5 (best).' })
 */
export const defaultJudgeMessages: JudgeChatFormat = (item, spec) => [
  {
    role: 'system',
    content: `You are a strict, impartial judge. Score the output against the rubric.\nRubric: ${spec.rubric}\n${spec.scale}\n` +
      'Answer with JSON only: {"score": <score>, "reason": "<one sentence>"}',
  },
  { role: 'user', content: sections(item) },
]

/**
 * The default raw-completion format, for base models without a chat
 * template: the rubric, the scale, the item, and `Score:` at the end so that
 * the continuation starts with the score (read by `parseJudgement`'s
 * leading-number rule). Generation stops at a blank line.
 *
 * @example
 * defaultJudgePrompt({ input: '2+2?', output: '4' }, { rubric: 'Is it correct?', scale: 'The score is a number from 1 (worst) to 5 (best).' }).endsWith('Score:') // true
 */
export const defaultJudgePrompt: JudgeCompletionFormat = (item, spec) =>
  `Judge the output against the rubric. ${spec.scale}\nRubric: ${spec.rubric}\n\n${sections(item)}\n\n` +
  'Give the score, then one sentence of reason.\nScore:'
