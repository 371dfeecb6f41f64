import { describeTolerance, interval, num, numbers, percent, plural, versus } from './format.ts'
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

/**
 * The message of a `toBeStableUnder` assertion: enough to understand a
 * failure without rerunning (per variant: drift with CI, observed vs
 * tolerance, changed items; the noise floor; the ripple across stages).
 */
export function stabilityMessage(r: StabilityRecord): string {
  const level = percent(r.confidence)
  const under = r.perturbations.join(' + ')
  const lines: string[] = []
  const failing = r.variants.filter((v) => !v.pass).length
  lines.push(r.negated
    ? `expected pipeline "${r.pipeline}" NOT to be stable under ${under} at stage "${r.stage}", but it is: ${r.variants.length} of ${r.variants.length} variants within tolerance`
    : r.pass
      ? `pipeline "${r.pipeline}" is stable under ${under} at stage "${r.stage}"`
      : `expected pipeline "${r.pipeline}" to be stable under ${under} at stage "${r.stage}": ${failing} of ${r.variants.length} variants exceed the tolerance`)
  lines.push(`  metric     ${r.metric.name}: ${r.metric.describe}`)
  lines.push(`  tolerance  ${describeTolerance(r.tolerance)}`)
  lines.push(r.noiseFloor.measured
    ? `  noise floor  base vs base over ${plural(r.noiseFloor.n, 'pair')}: mean ${num(r.noiseFloor.mean)}, ${level} CI ${interval(r.noiseFloor.ci)}, values [${numbers(r.noiseFloor.values, MAX_VALUES)}]`
    : '  noise floor  not measured (repeats: 1); use repeats ≥ 2 to compare drift with run-to-run noise')
  lines.push(`  repeats    ${r.repeats} per variant, paired by sample`)
  lines.push('')
  for (const v of r.variants) {
    lines.push(`  ${v.pass ? '✓' : '✗'} ${v.label}: ${v.pass ? 'within' : 'EXCEEDS'} tolerance (observed ${versus(v.observed, r.tolerance.value, v.pass)}${v.observedNote ? `, ${v.observedNote}` : ''})`)
    lines.push(`      drift per repeat [${numbers(v.values, MAX_VALUES)}] · mean ${num(v.mean)} (${level} CI ${interval(v.ci)}) · max ${num(v.max)}`)
    lines.push(`      beyond noise floor: mean ${num(v.excess.mean)} (${level} CI ${interval(v.excess.ci)})`)
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
