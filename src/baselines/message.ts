import type { Attribution } from './attribute.ts'
import type { BaselineResult, BaselineStageComparison } from './check.ts'
import type { BaselineDriftSummary } from './format.ts'

/** How many changed items a message lists per stage. */
const TOP_CHANGED = 10

function num(x: number): string {
  if (Number.isInteger(x)) return String(x)
  const s = x.toPrecision(3)
  return s.includes('.') && !s.includes('e') ? s.replace(/\.?0+$/, '') : s
}

function summary(s: BaselineDriftSummary): string {
  return `mean ${num(s.mean)}, 95% CI [${num(s.ci[0])}, ${num(s.ci[1])}], max ${num(s.max)} over ${s.values.length} value${s.values.length === 1 ? '' : 's'}`
}

function stageLine(s: BaselineStageComparison): string[] {
  const head = `  ${s.stage}: `
  const metric = `metric ${s.metric.name} (${s.metric.describe})`
  const lines: string[] = []
  if (s.status === 'new') lines.push(`${head}no baseline yet; ${metric}, tolerance ${num(s.tolerance)}`)
  else {
    const verdict = s.observed === null ? 'not comparable' : `${s.statistic} drift ${num(s.observed)} ${s.status === 'within' ? '<=' : '>'} tolerance ${num(s.tolerance)}`
    lines.push(`${head}${s.status === 'within' ? 'ok' : 'DRIFTED'}, ${verdict}; ${metric}`)
    if (s.drift) lines.push(`    drift from baseline: ${summary(s.drift)}`)
  }
  lines.push(`    noise floor (between this run's samples): ${s.noiseFloor ? summary(s.noiseFloor) : 'n/a (1 sample)'}`)
  if (s.changed.length > 0) {
    const more = s.changed.length > TOP_CHANGED ? ` … and ${s.changed.length - TOP_CHANGED} more` : ''
    lines.push(`    changed: ${s.changed.slice(0, TOP_CHANGED).join(', ')}${more}`)
  }
  if (s.note) lines.push(`    note: ${s.note}`)
  return lines
}

const HEADLINES: Record<BaselineResult['status'], string> = {
  matched: 'matches the reviewed baseline',
  written: 'wrote a new baseline (review and commit it)',
  updated: 'updated the baseline (-u; review the diff and commit it)',
  drifted: 'drifted beyond tolerance from the reviewed baseline',
  missing: 'has no reviewed baseline, and CI (update mode "none") writes none',
}

const HINTS: Partial<Record<BaselineResult['status'], string>> = {
  drifted: 'If the change is intended, rerun with -u (vitest -u) to rewrite the baseline, then review and commit it.',
  missing: 'Run the tests locally (without CI set) to write it, then review and commit it.',
}

/**
 * A multi-line, human-readable account of a baseline check: the file, per
 * stage the drift against the tolerance (mean, CI, max), the noise floor, the
 * top changed items, notes and what to do next. Used in failure messages.
 *
 * @example
 * if (result.status === 'drifted') throw new Error(formatBaselineResult(result))
 */
export function formatBaselineResult(result: BaselineResult): string {
  const lines = [`baseline ${result.relativeFile} ${HEADLINES[result.status]}`]
  for (const stage of result.stages) lines.push(...stageLine(stage))
  if (result.attribution && result.attribution.stages.length > 0) lines.push(...attributionLines(result.attribution))
  for (const note of result.notes) lines.push(`  note: ${note}`)
  const hint = HINTS[result.status]
  if (hint) lines.push(hint)
  return lines.join('\n')
}

/** Where the change lives and who passed it on, then every attributed stage in pipeline order. */
function attributionLines(a: Attribution): string[] {
  const lines = ["  attribution (each drifted stage's current code re-run on the baseline's inputs):"]
  const origin = a.stages.find((s) => s.stage === a.origin)
  if (origin && origin.status === 'source') {
    lines.push(`    the change lives in "${origin.stage}": its own ${origin.statistic} drift ${num(origin.own)} > tolerance ${num(origin.tolerance)}`)
  } else lines.push('    no stage\'s own change is beyond tolerance' + (a.stages.some((s) => s.status === 'not-attributable') ? ' among those that could be attributed' : ''))
  if (a.passedOn.length > 0) lines.push(`    passed on by: ${a.passedOn.join(', ')} (within tolerance on the baseline's inputs)`)
  for (const s of a.stages) {
    if (s.status === 'not-attributable') lines.push(`    ${s.stage}: not attributable (${s.reason})`)
    else lines.push(`    ${s.stage}: ${s.status}, own ${num(s.own)}, total ${num(s.total)} (${s.statistic}, ${s.metric}, tolerance ${num(s.tolerance)})`)
  }
  return lines
}
