import { effectBounds, num, numbers, OUTCOME_WORDS, plural, pValue, stabilitySummary } from './format.ts'
import type { RippleRecord, StabilityRecord } from './record.ts'

// A failure message may list more values than a report cell, but not hundreds.
const MAX_VALUES = 20

function pad(cells: string[][]): string[] {
  const widths = cells[0]!.map((_, i) => Math.max(...cells.map((row) => row[i]!.length)))
  return cells.map((row) => row.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd())
}

/**
 * The ripple across stages as text lines: each stage's drift against its own
 * noise floor, marking where drift first exceeded it and how it grew after.
 */
export function rippleLines(ripple: readonly RippleRecord[], firstExceeding: string | undefined): string[] {
  if (ripple.length === 0) return []
  const start = ripple.findIndex((r) => r.stage === firstExceeding)
  const rows = ripple.map((r, i) => {
    const mark = r.error
      ? `not compared: ${r.error.split('\n')[0]}`
      : i === start
        ? '← first exceeds its noise floor'
        : r.exceeds
          ? 'exceeds its noise floor'
          : ''
    // Stages use different metrics, so growth is shown as each stage's drift beyond its own noise floor.
    const beyond = r.exceeds && !r.error ? `+${num(r.drift - r.noiseUpper)} beyond noise` : ''
    return [r.stage, r.metric, `drift ${num(r.drift)}`, `noise ${num(r.noise)} (≤ ${num(r.noiseUpper)})`, beyond, mark]
  })
  return pad(rows)
}

const REFERENCES = {
  deterministic: 'deterministic: no stochastic stage feeds this stage, drift is exact',
  'shared-seeds': 'shared seeds: variant samples reused the base samples\' random draws, so the reference drift is 0',
  'independent-streams': 'independent streams: the perturbation changed the random draws, so the reference is the drift between two base samples (disjoint blocks)',
} as const

function headline(r: StabilityRecord, under: string): string {
  const subject = `pipeline "${r.pipeline}" under ${under} at stage "${r.stage}"`
  if (r.negated) {
    return r.pass
      ? `expected ${subject} to be unstable, but it is ${OUTCOME_WORDS[r.outcome]}`
      : `${subject} is unstable, as expected`
  }
  if (r.outcome === 'unstable') return `expected ${subject} to be stable, but it is UNSTABLE: the excess drift is significantly above the tolerance`
  if (r.outcome === 'inconclusive') {
    return r.pass
      ? `${subject} is inconclusive: neither stable nor unstable at α = ${num(r.alpha)} (passes; onInconclusive: 'fail' fails it)`
      : `expected ${subject} to be stable, but the test is inconclusive (onInconclusive: 'fail')`
  }
  if (r.outcome === 'vacuous') {
    return r.pass
      ? `${subject} is vacuous: every compared output was empty on both sides (passes; vacuous: 'fail' fails it)`
      : `expected ${subject} to be stable, but the check is vacuous: every compared output was empty on both sides (vacuous: 'fail')`
  }
  return `${subject} is stable`
}

/**
 * The message of a `toBeStableUnder` assertion: enough to understand a
 * failure without rerunning: the outcome with its p-value, bounds, α,
 * reference and repeats; per variant the test, its p-values and drift; the
 * noise floor; the ripple across stages; the notes (power, mapped options).
 */
export function stabilityMessage(r: StabilityRecord): string {
  const under = r.perturbations.join(' + ')
  const lines: string[] = [headline(r, under)]
  lines.push(`  verdict    ${stabilitySummary(r)}`)
  lines.push(`  metric     ${r.metric.name}: ${r.metric.describe}`)
  const futility = r.looks?.some((l) => l.beta !== undefined) ? '; (sequential) stops early, inconclusive, when the upper bound at the look\'s futility level β is below tolerance + minEffect' : ''
  lines.push(`  tolerance  ${num(r.tolerance)} excess drift beyond the pipeline's own noise; unstable when p ≤ α (Holm across ${plural(r.variants.length, 'variant')}), stable when the upper bound ≤ tolerance${futility}`)
  lines.push(`  reference  ${REFERENCES[r.reference]}`)
  if (r.looks) lines.push(`  looks      ${r.looks.map((l) => `${l.repeats} repeats (α ${num(l.alpha)}${l.beta !== undefined ? `, β ${num(l.beta)}` : ''}) ${l.outcome}`).join(' → ')}`)
  lines.push(r.noiseFloor.measured
    ? `  noise floor  base vs base over ${plural(r.noiseFloor.n, 'disjoint pair')}: mean ${num(r.noiseFloor.mean)}, values [${numbers(r.noiseFloor.values, MAX_VALUES)}]`
    : '  noise floor  not measured (repeats: 1)')
  lines.push('')
  for (const v of r.variants) {
    const mark = v.outcome === 'unstable' ? '✗' : v.outcome === 'stable' ? '✓' : '?'
    lines.push(`  ${mark} ${v.label}: ${OUTCOME_WORDS[v.outcome]} · excess ${effectBounds(v.effect)} · ${pValue(v.pValue)} (Holm ${pValue(v.adjustedPValue).replace(/^p /, '')}) · n ${v.n}`)
    lines.push(`      ${v.method}`)
    lines.push(`      drift per repeat [${numbers(v.values, MAX_VALUES)}] · mean ${num(v.mean)} · max ${num(v.max)}${v.noise.length > 0 ? ` · per block: against base [${numbers(v.cross, MAX_VALUES)}], base vs base [${numbers(v.noise, MAX_VALUES)}]` : ''}`)
    if (v.changed.length > 0) lines.push(`      top changed: ${v.changed.slice(0, 8).join(', ')}`)
    for (const note of v.notes) lines.push(`      ${note}`)
  }
  const ripple = rippleLines(r.ripple, r.firstExceeding)
  if (ripple.length > 0) {
    lines.push('')
    lines.push(r.firstExceeding
      ? `  ripple (largest mean drift per stage vs that stage's noise floor): drift first exceeded the noise floor at "${r.firstExceeding}"`
      : '  ripple (largest mean drift per stage vs that stage\'s noise floor): no stage drifted beyond its noise floor')
    for (const line of ripple) lines.push(`    ${line}`)
  }
  if (r.notes.length > 0) {
    lines.push('')
    for (const note of r.notes) lines.push(`  note: ${note}`)
  }
  return lines.join('\n')
}
