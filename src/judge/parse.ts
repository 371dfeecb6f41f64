import type { ResolvedJudgeScale } from './scale.ts'

/** What a judge's answer text says: a score on the scale with a reason, or why none could be read. */
export type ParsedJudgement =
  | { status: 'scored'; score: number; reason: string }
  | { status: 'unparsed'; why: string }

const NUMBER = String.raw`[-+]?\d+(?:\.\d+)?`
const SCORE_KEYS = ['score', 'rating', 'grade', 'verdict']
const REASON_KEYS = ['reason', 'explanation', 'rationale', 'justification', 'comment']
// "Score: 4", "rating = 4/5", "**Grade**: 4 out of 5"
const LABELLED = new RegExp(String.raw`\b(?:score|rating|grade)\b[*_\s]*(?:is|of|=|:)?[*_\s]*[:=]?[*_\s]*(${NUMBER})(?:\s*(?:/|out of)\s*(${NUMBER}))?`, 'i')
const FRACTION = new RegExp(String.raw`(${NUMBER})\s*(?:/|out of)\s*(${NUMBER})`, 'i')
// A raw-completion prompt ends with "Score:", so the answer starts with the number.
const LEADING = new RegExp(String.raw`^[\s*_#"'(\[]*(${NUMBER})(?![\d.]*\s*%)`)
const MAX_REASON = 500

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

function cleanReason(text: string): string {
  const r = text.replace(/^[\s*_)\].,:;\-–—"']+/, '').replace(/^(?:reason|because|explanation)\s*[:\-–—]\s*/i, '').trim()
  return r.length > MAX_REASON ? `${r.slice(0, MAX_REASON)}…` : r
}

function objects(text: string): Record<string, unknown>[] {
  const found: Record<string, unknown>[] = []
  for (const match of text.matchAll(/\{[^{}]*\}/g)) {
    try {
      const value: unknown = JSON.parse(match[0])
      if (value && typeof value === 'object' && !Array.isArray(value)) found.push(value as Record<string, unknown>)
    } catch {
      // not JSON: the judge wrote braces in prose
    }
  }
  return found
}

function field(obj: Record<string, unknown>, keys: string[]): unknown {
  const entry = Object.entries(obj).find(([k]) => keys.includes(k.toLowerCase()))
  return entry?.[1]
}

function checkRange(value: number, scale: ResolvedJudgeScale, seen: string): ParsedJudgement | undefined {
  if (value < scale.min || value > scale.max) return { status: 'unparsed', why: `the answer gives ${seen}, outside the scale ${scale.min}..${scale.max}` }
  return undefined
}

function fromNumber(value: number, denominator: number | undefined, scale: ResolvedJudgeScale, reason: string): ParsedJudgement {
  if (scale.kind === 'labels') {
    const label = scale.labels.find(([, v]) => v === value)
    if (!label) return { status: 'unparsed', why: `the answer gives the number ${value}, which is not the value of any label (${scale.labels.map(([l, v]) => `${l}=${v}`).join(', ')})` }
  }
  if (denominator !== undefined && denominator !== scale.max) {
    return { status: 'unparsed', why: `the answer gives ${value}/${denominator}, which is not on the scale ${scale.min}..${scale.max}` }
  }
  return checkRange(value, scale, String(value)) ?? { status: 'scored', score: value, reason: cleanReason(reason) }
}

function findLabel(text: string, scale: Extract<ResolvedJudgeScale, { kind: 'labels' }>): { value: number; end: number } | undefined {
  let best: { value: number; index: number; end: number } | undefined
  for (const [label, value] of scale.labels) {
    const m = new RegExp(String.raw`(?<![\p{L}\p{N}])${escape(label)}(?![\p{L}\p{N}])`, 'iu').exec(text)
    // labels are sorted longest first, so at one index the longer label ("not relevant") wins
    if (m && (!best || m.index < best.index)) best = { value, index: m.index, end: m.index + m[0].length }
  }
  return best
}

/**
 * Reads a score and a reason from a judge's answer, trying in order: a JSON
 * object with `score` (or `rating`, `grade`, `verdict`) and `reason`; a
 * labelled number (`Score: 4`, `rating = 4/5`); a fraction whose denominator
 * is the scale's max (`4/5`, `4 out of 5`); a number at the very start (the
 * continuation of a raw prompt that ends with `Score:`). For a labelled scale
 * the earliest label in the text counts (whole words, case-insensitive).
 * A number off the scale, or no score at all, is `unparsed` with the reason:
 * an outcome, not an error.
 *
 * @example
 * parseJudgement('{"score": 4, "reason": "clear"}', { kind: 'range', min: 1, max: 5 }) // { status: 'scored', score: 4, reason: 'clear' }
 * parseJudgement(' 3. Mostly correct.', { kind: 'range', min: 1, max: 5 }) // { status: 'scored', score: 3, reason: 'Mostly correct.' }
 * parseJudgement('I cannot tell.', { kind: 'range', min: 1, max: 5 }).status // 'unparsed'
 */
export function parseJudgement(text: string, scale: ResolvedJudgeScale): ParsedJudgement {
  if (text.trim() === '') return { status: 'unparsed', why: 'the answer is empty' }

  for (const obj of objects(text)) {
    const raw = field(obj, SCORE_KEYS)
    const reasonValue = field(obj, REASON_KEYS)
    const reason = typeof reasonValue === 'string' ? reasonValue : ''
    if (typeof raw === 'number') return fromNumber(raw, undefined, scale, reason)
    if (typeof raw === 'string') {
      const n = new RegExp(String.raw`^\s*(${NUMBER})\s*(?:(?:/|out of)\s*(${NUMBER}))?\s*$`, 'i').exec(raw)
      if (n) return fromNumber(Number(n[1]), n[2] === undefined ? undefined : Number(n[2]), scale, reason)
      if (scale.kind === 'labels') {
        const hit = findLabel(raw, scale)
        if (hit) return { status: 'scored', score: hit.value, reason: cleanReason(reason) }
      }
      return { status: 'unparsed', why: `the answer's JSON score ${JSON.stringify(raw)} is not on the scale` }
    }
  }

  if (scale.kind === 'labels') {
    const hit = findLabel(text, scale)
    if (hit) return { status: 'scored', score: hit.value, reason: cleanReason(text.slice(hit.end)) }
  }
  for (const pattern of [LABELLED, FRACTION, LEADING]) {
    const m = pattern.exec(text)
    if (!m) continue
    const denominator = m[2] === undefined ? undefined : Number(m[2])
    if (pattern === FRACTION && denominator !== scale.max) continue
    const after = text.slice(m.index + m[0].length)
    return fromNumber(Number(m[1]), denominator, scale, after.trim() === '' ? text.slice(0, m.index) : after)
  }
  const shown = text.trim().length > 80 ? `${text.trim().slice(0, 80)}…` : text.trim()
  return { status: 'unparsed', why: `no score found in the answer ${JSON.stringify(shown)}` }
}
