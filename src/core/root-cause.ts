import type { StageError } from '../errors.ts'
import { own } from './own.ts'
import type { StageResult } from './result.ts'

/**
 * Why a stage that was skipped has no output: follows the chain of skips up
 * to the stage that failed and gives its name and error (whose message names
 * what to fix, e.g. the environment variable to set).
 *
 * @example
 * skipCause(result.stages, 'generate') // { text: '"generate" failed: stage "generate" failed: set OPENAI_API_KEY…', error }
 */
export function skipCause(stages: Readonly<Record<string, StageResult>>, because: string): { text: string; error?: StageError } {
  const seen = new Set<string>()
  let name = because
  for (let r = own(stages, name); r?.status === 'skipped' && !seen.has(name); r = own(stages, name)) {
    seen.add(name)
    name = r.because
  }
  const r = own(stages, name)
  if (r?.status !== 'failed') return { text: `"${name}" did not complete` }
  return { text: `"${name}" failed: ${r.error.message.replace(/^\[butterfly\] /, '')}`, error: r.error }
}
