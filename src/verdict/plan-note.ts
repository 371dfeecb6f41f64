import type { PairedDesign } from './design.ts'
import type { JudgeOptions } from './judge.ts'
import { describeNoise, measuredNoise, planFor } from './noise-memo.ts'
import type { StabilityVerdict } from './types.ts'

const fmt = (x: number): string => (Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(3))))

/**
 * What the design can detect, from the noise it measured: the repeats the
 * planner asks for to find an excess of `minEffect` (default: the tolerance)
 * with 80 % power, and a note when a tolerance of 0 meets a noisy stage
 * (such a stage can never be shown stable). `runsPerValue`: repeats each
 * paired value costs (2 where a value compares two identical runs), so that
 * the repeats asked for are counted as `repeats` counts them.
 */
export function planNote(verdict: StabilityVerdict, designs: readonly PairedDesign[], options: JudgeOptions, runsPerValue = 1): { notes: string[]; repeatsNeeded?: number } {
  const notes = [...verdict.notes]
  const { tolerance } = options
  // Sequential repeats: plan at the declared α for the most repeats the check runs, not at one look's.
  const alpha = options.plan?.alpha ?? options.alpha
  const repeats = options.plan?.repeats ?? verdict.repeats
  const noisy = designs.some((d) => d.reference === 'independent-streams' && d.noise.some((x) => x > 0))
  if (tolerance === 0 && noisy && verdict.outcome !== 'unstable') {
    notes.push('tolerance 0 on a stage whose own samples differ: no number of repeats can show it stable (the upper bound of the excess is always above 0); set tolerance to the smallest excess drift that matters')
  }
  const effect = options.minEffect ?? tolerance
  const decide = (): void => {
    if (verdict.outcome !== 'inconclusive' || notes.some((n) => n.startsWith('underpowered') || n.startsWith('tolerance 0'))) return
    const { lower, upper } = verdict.effect
    notes.push(tolerance === 0 && lower >= 0
      ? 'inconclusive: nothing changed significantly, and a tolerance of 0 can never be shown stable (the upper bound of the excess stays above 0); a tolerance > 0 can be'
      : `inconclusive: the excess drift's bounds [${Number.isFinite(lower) ? fmt(lower) : '-∞'}, ${Number.isFinite(upper) ? fmt(upper) : '∞'}] contain the tolerance ${fmt(tolerance)}; more repeats narrow them (4× the repeats about halves their width)`)
  }
  if (!(effect > 0) || verdict.outcome === 'unstable') {
    decide()
    return { notes }
  }
  let needed = 0
  let hopeless: string | undefined
  for (const d of designs) {
    const measured = measuredNoise(d)
    const plan = measured ? planFor(measured, { effect, tolerance, alpha }) : undefined
    if (!measured || !plan) continue
    if (Number.isFinite(plan.repeats)) needed = Math.max(needed, plan.repeats * runsPerValue)
    else hopeless = describeNoise(measured)
  }
  if (hopeless !== undefined) {
    notes.push(`underpowered: at the noise measured (${hopeless}) the drift to a variant cannot exceed the noise by ${fmt(tolerance + effect)}, so no number of repeats detects an excess of ${fmt(effect)} beyond the tolerance; lower the tolerance or minEffect`)
    return { notes }
  }
  if (needed > repeats) {
    notes.push(`underpowered: ${repeats} repeats cannot detect an excess drift of ${fmt(effect)} beyond the tolerance with 80 % power at α = ${fmt(alpha)} given the noise measured; the planner asks for ${needed} (planRepeats)`)
    return { notes, repeatsNeeded: needed }
  }
  decide()
  return { notes }
}
