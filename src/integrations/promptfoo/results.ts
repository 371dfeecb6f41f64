import type { StandardIssue } from '../../core/standard-schema.ts'
import { checkSchema, fieldAt, isObjectAt } from '../../providers/check-schema.ts'
import type { PromptfooGrading, PromptfooSummaryRow } from './import.ts'

/** One assertion's outcome in a promptfoo result. */
export interface PromptfooAssertionResult {
  type: string
  pass: boolean
  score: number
  reason: string
}

/**
 * One promptfoo result (a test × prompt × provider), as a promptfoo stage
 * outputs it. Latency, cost and timestamps are left out on purpose: they
 * differ on every run and would make equal results look drifted.
 */
export interface PromptfooResult {
  /** `t<test>/p<prompt>/<provider>`: stable across runs, so drift pairs results by it. */
  id: string
  test: number
  prompt: number
  /** The provider's label (the model id unless a label was given). */
  provider: string
  description: string | null
  vars: Record<string, unknown>
  pass: boolean
  score: number
  /** The model's output (JSON text when promptfoo's output is not a string); `null` when the call failed. */
  output: string | null
  /** `assert`: an assertion failed; `error`: the test could not run. */
  failure: 'none' | 'assert' | 'error'
  /** promptfoo's reason for the verdict (the failing assertion's reason, or the error). */
  reason: string
  assertions: PromptfooAssertionResult[]
}

function assertionOf(g: PromptfooGrading): PromptfooAssertionResult {
  return { type: String(g.assertion?.type ?? 'unknown'), pass: g.pass === true, score: Number.isFinite(g.score) ? g.score : 0, reason: String(g.reason ?? '') }
}

function jsonSafe(value: unknown): Record<string, unknown> {
  try {
    return JSON.parse(JSON.stringify(value ?? {})) as Record<string, unknown>
  } catch {
    return {}
  }
}

/** Turns one row of promptfoo's evaluate summary into a {@link PromptfooResult}. */
export function toPromptfooResult(row: PromptfooSummaryRow): PromptfooResult {
  const provider = row.provider?.label ?? row.provider?.id ?? 'unknown'
  const raw = row.response?.output
  const failure = row.failureReason === 2 ? 'error' : row.success ? 'none' : 'assert'
  return {
    id: `t${row.testIdx}/p${row.promptIdx}/${provider}`,
    test: row.testIdx,
    prompt: row.promptIdx,
    provider,
    description: row.testCase?.description ?? null,
    vars: jsonSafe(row.vars),
    pass: row.success === true,
    score: Number.isFinite(row.score) ? row.score : 0,
    output: raw === undefined || raw === null ? null : typeof raw === 'string' ? raw : JSON.stringify(raw),
    failure,
    reason: String(row.gradingResult?.reason ?? row.error ?? ''),
    assertions: (row.gradingResult?.componentResults ?? []).map(assertionOf),
  }
}

function checkResult(value: unknown, path: (string | number)[], issues: StandardIssue[]): void {
  if (!isObjectAt(value, path, issues)) return
  for (const key of ['id', 'provider', 'reason'] as const) fieldAt(value, key, 'string', path, issues)
  for (const key of ['test', 'prompt', 'score'] as const) fieldAt(value, key, 'number', path, issues)
  fieldAt(value, 'pass', 'boolean', path, issues)
  fieldAt(value, 'description', 'string', path, issues, { nullable: true })
  fieldAt(value, 'output', 'string', path, issues, { nullable: true })
  if (!['none', 'assert', 'error'].includes(value.failure as string)) issues.push({ message: 'expected "none", "assert" or "error"', path: [...path, 'failure'] })
  isObjectAt(value.vars, [...path, 'vars'], issues)
  if (!Array.isArray(value.assertions)) issues.push({ message: 'expected an array', path: [...path, 'assertions'] })
  else {
    value.assertions.forEach((a, i) => {
      const at = [...path, 'assertions', i]
      if (!isObjectAt(a, at, issues)) return
      fieldAt(a, 'type', 'string', at, issues)
      fieldAt(a, 'pass', 'boolean', at, issues)
      fieldAt(a, 'score', 'number', at, issues)
      fieldAt(a, 'reason', 'string', at, issues)
    })
  }
}

/** The Standard Schema of a promptfoo stage's output: an array of {@link PromptfooResult}. */
export const promptfooResultsSchema = checkSchema<PromptfooResult[]>('vitest-butterfly/promptfoo', (value, path, issues) => {
  if (!Array.isArray(value)) {
    issues.push({ message: 'expected an array of promptfoo results', path })
    return
  }
  value.forEach((r, i) => checkResult(r, [i], issues))
})
