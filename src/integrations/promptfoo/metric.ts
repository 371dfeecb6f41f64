import { stableStringify } from '../../core/hash.ts'
import { MetricError } from '../../errors.ts'
import type { Metric } from '../../metrics/metric.ts'
import type { AssertionOutcome } from './bridge.ts'
import { resolvePromptfoo, runAssertionSync } from './bridge.ts'

/** A promptfoo assertion, e.g. `{ type: 'contains', value: 'Paris' }` or `{ type: 'similar', value: 'ref', threshold: 0.8, provider: 'file://embed.mjs' }`. */
export interface PromptfooMetricAssertion {
  type: string
  value?: unknown
  threshold?: number
  [option: string]: unknown
}

/** Options of {@link promptfoo}. */
export interface PromptfooMetricOptions {
  /** What the assertion checks, from a stage output. @default the output itself */
  select?: (output: any) => unknown
  /** Test vars the assertion can read (`{{name}}` in values, `context.vars` in JavaScript). @default {} */
  vars?: Record<string, unknown>
  /** `pass`: failing = 1, passing = 0. `score`: 1 − promptfoo's score (0..1), for graded assertions such as `similar`. @default 'pass' */
  value?: 'pass' | 'score'
  /** Module resolved as promptfoo (tests use a missing name). @default 'promptfoo' */
  module?: string
  /** Longest wait for one assertion. @default 120000 */
  timeoutMs?: number
}

/** One output's verdict under the assertion. */
export interface PromptfooVerdict extends AssertionOutcome {
  /** 0 when it passes; 1 when it fails (or 1 − score with `value: 'score'`). */
  value: number
}

/** The metric {@link promptfoo} returns: a drift metric, plus the assertion as a pass criterion. */
export interface PromptfooMetric extends Metric<unknown> {
  /** The assertion's verdict on one output (memoized per output). */
  verdict(output: unknown): PromptfooVerdict
  /** True when the output passes the assertion: a pass criterion. */
  passes(output: unknown): boolean
}

/**
 * A promptfoo assertion (`contains`, `regex`, `javascript`, `similar`,
 * `levenshtein`, ...) as a metric. Each output gets a value, 0 when it passes
 * and 1 when it fails (or 1 − score with `value: 'score'`); the drift between
 * two outputs is the difference of their values, so 0 means the verdict did
 * not change. `verdict()` and `passes()` use the assertion as a pass
 * criterion. promptfoo is an optional peer dependency, loaded on first use
 * on a worker thread (compute() is synchronous); without it the first use
 * throws `MissingDependencyError` saying `npm install -D promptfoo@0.121.20`.
 * Assertions must be plain data (JavaScript as a string); model-graded ones
 * need a `provider` that can be loaded by name (e.g. `file://embed.mjs`).
 *
 * @example
 * const mentionsParis = promptfooMetric({ type: 'icontains', value: 'paris' })
 * mentionsParis.passes('It is Paris.') // true
 * s.drift('answer', promptfooMetric({ type: 'javascript', value: 'output.length <= 80' }))
 */
export function promptfooMetric(assertion: PromptfooMetricAssertion, options: PromptfooMetricOptions = {}): PromptfooMetric {
  if (!assertion || typeof assertion.type !== 'string' || assertion.type === '') {
    throw new MetricError(`promptfooMetric(): the assertion needs a "type" (e.g. { type: 'contains', value: 'x' }), got ${JSON.stringify(assertion)}`, { component: 'metrics' })
  }
  const mode = options.value ?? 'pass'
  const vars = options.vars ?? {}
  const name = `promptfoo(${assertion.type})`
  const where = `${name} ${stableStringify(assertion).slice(0, 120)}`
  const memo = new Map<string, PromptfooVerdict>()
  let path: string | undefined

  const verdict = (output: unknown): PromptfooVerdict => {
    const subject = options.select ? options.select(output) : output
    const key = stableStringify(subject)
    const known = memo.get(key)
    if (known) return known
    path ??= resolvePromptfoo(options.module ?? 'promptfoo', `promptfooMetric(${assertion.type})`)
    const outcome = runAssertionSync(path, assertion, subject, vars, options.timeoutMs ?? 120_000, where)
    const score = Number.isFinite(outcome.score) ? Math.min(1, Math.max(0, outcome.score)) : 0
    const value = mode === 'score' ? 1 - score : outcome.pass ? 0 : 1
    const v = { ...outcome, value }
    memo.set(key, v)
    return v
  }

  return {
    name,
    describe: mode === 'score'
      ? `difference of 1 − score of the promptfoo ${assertion.type} assertion`
      : `change of the promptfoo ${assertion.type} assertion's verdict (0 pass, 1 fail)`,
    compute: (base, variant) => Math.abs(verdict(base).value - verdict(variant).value),
    details(base, variant) {
      const a = verdict(base)
      const b = verdict(variant)
      const show = (v: PromptfooVerdict) => (v.pass ? 'pass' : 'fail') + (mode === 'score' ? ` ${v.score.toFixed(3)}` : '')
      return { changed: a.value === b.value ? [] : ['$'], note: `${show(a)} -> ${show(b)}: ${b.reason}` }
    },
    verdict,
    passes: (output) => verdict(output).pass,
  }
}
