import type { Fact } from '../stages/facts.ts'

/** Why a model's answer was not used as the question of an item. */
export const REJECTION_REASONS = ['empty', 'no-question-mark', 'several-sentences', 'too-short', 'too-long', 'leaks-answer', 'off-topic'] as const

/** One of {@link REJECTION_REASONS}. */
export type RejectionReason = (typeof REJECTION_REASONS)[number]

/** A model's answer, checked: the question it yields, or why it yields none. */
export type CheckedQuestion =
  | { status: 'accepted'; question: string }
  | { status: 'rejected'; reason: RejectionReason }

/** Shortest and longest question accepted, in characters. */
export const QUESTION_LENGTH = { min: 12, max: 300 } as const

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

// A number inside a longer number is not a leak: "5" in "2025?" or in "5.5" is not the value 5.
function mentions(text: string, value: string): boolean {
  if (value === '') return false
  return new RegExp(`(?<![\\d.,])${escape(value)}(?![\\d]|[.,]\\d)`, 'i').test(text)
}

function firstLine(text: string): string {
  return text.split(/\r?\n/).map((l) => l.trim()).find((l) => l.length > 0) ?? ''
}

// Labels, list markers, quotes and Markdown emphasis that chat models wrap a question in.
function unwrap(line: string): string {
  return line
    .replace(/^(?:[-*•]\s+|\d+[.)]\s+)/, '')
    .replace(/^(?:\*\*)?(?:question|q)(?:\*\*)?\s*[:.)-]\s*/i, '')
    .replace(/^["'“‘*_`]+|["'”’*_`]+$/g, '')
    .trim()
}

/**
 * Checks and normalises a model's answer to a question about `fact`: its
 * first non-empty line, unwrapped (`Question:`, list markers, quotes), up to
 * the first question mark. Rejected when there is no question mark, more than
 * one sentence, fewer than 12 or more than 300 characters, when it contains
 * the answer (the fact's value, or its text as printed), or when it names none
 * of the fact's label words of 3 letters or more, by their first 4 letters
 * (it is about something else).
 *
 * @example
 * checkQuestion('Question: How long is the north bridge?', fact) // { status: 'accepted', question: 'How long is the north bridge?' }
 * checkQuestion('Once upon a time, there was a bridge.', fact)  // { status: 'rejected', reason: 'no-question-mark' }
 */
export function checkQuestion(text: string, fact: Pick<Fact, 'label' | 'value' | 'raw'>): CheckedQuestion {
  const line = unwrap(firstLine(text))
  if (line === '') return { status: 'rejected', reason: 'empty' }
  const end = line.indexOf('?')
  if (end < 0) return { status: 'rejected', reason: 'no-question-mark' }
  const question = line.slice(0, end + 1).replace(/\s+/g, ' ').trim()
  if (/!|\.(?=\s+["“]?[A-Z])/.test(question)) return { status: 'rejected', reason: 'several-sentences' }
  if (question.length < QUESTION_LENGTH.min) return { status: 'rejected', reason: 'too-short' }
  if (question.length > QUESTION_LENGTH.max) return { status: 'rejected', reason: 'too-long' }
  if (mentions(question, fact.value) || mentions(question, fact.raw)) return { status: 'rejected', reason: 'leaks-answer' }
  const lower = question.toLowerCase()
  const words = fact.label.split(' ').filter((w) => w.length >= 3)
  // A 4-letter stem lets "spanning" match the label word "spans": loose on purpose, it only keeps out questions about something else.
  if (words.length > 0 && !words.some((w) => lower.includes(w.slice(0, 4).toLowerCase()))) return { status: 'rejected', reason: 'off-topic' }
  return { status: 'accepted', question }
}
