import type { MeasuredNoise, NoiseMemoPlace } from './noise-memo.ts'
import { forecastPower, readNoiseMemo, writeNoiseMemo } from './noise-memo.ts'
import type { ResolvedVerdictOptions } from './options.ts'
import type { StabilityVerdict } from './types.ts'

/** What a check needs to warn about its power. */
export interface PowerWarningOptions {
  /** The check (`checkStability`, `toBeReproducible`, …), pipeline and stage a warning names. */
  where: string
  pipeline: string
  stage: string
  /** Where warnings go. @default console.warn */
  onWarning?: ((message: string) => void) | undefined
  /** The check's verdict options: the effect planned for is `minEffect ?? tolerance`. */
  resolved: ResolvedVerdictOptions
  /** Where the measured noise is kept between runs, and its name there. */
  place: NoiseMemoPlace
  key: string
  /** The most repeats this check runs (`max` for sequential repeats). */
  max: number
  /** Repeats each paired value costs (2 for pairs of identical runs). @default 1 */
  runsPerValue?: number
  /** The noise a verdict measured, per variant. */
  noiseOf: (verdict: StabilityVerdict) => MeasuredNoise[]
}

/** The power warning of one check, said at most once. */
export interface PowerWarning {
  /** Before running: a forecast from the noise the last check of this assertion measured. */
  before(): Promise<void>
  /** After the first batch, from the noise it measured, unless said before running. */
  after(verdict: StabilityVerdict, planned: number): void
  /** Keeps the noise the last look measured for the next run's forecast. */
  remember(verdict: StabilityVerdict): Promise<void>
}

/**
 * The one mechanism behind the power warning of `checkStability` and
 * `checkReproducibility` (docs/statistics.md, "The power warning, before
 * running"): a forecast before running when an earlier check left its
 * measured noise beside the cache (the pipeline may have changed since),
 * else the planner's note after the first batch; the noise is kept after
 * the last look.
 */
export function createPowerWarning(options: PowerWarningOptions): PowerWarning {
  const { place, key, max, noiseOf } = options
  const { tolerance, alpha } = options.resolved
  const effect = options.resolved.minEffect ?? tolerance
  const runsPerValue = options.runsPerValue ?? 1
  const say = (message: string): void =>
    (options.onWarning ?? ((m: string) => console.warn(m)))(`[butterfly] [${options.where}] pipeline "${options.pipeline}" stage "${options.stage}": ${message}`)
  let warned = false
  return {
    async before() {
      if (!(effect > 0)) return
      const forecast = forecastPower(await readNoiseMemo(place, key), { effect, tolerance, alpha }, max, runsPerValue)
      if (forecast === undefined) return
      say(`before running: ${forecast}`)
      warned = true
    },
    after(verdict, planned) {
      if (warned) return
      warned = true
      const note = verdict.notes.find((n) => n.startsWith('underpowered'))
      if (note === undefined || (verdict.repeatsNeeded !== undefined && verdict.repeatsNeeded <= planned)) return
      say(note)
    },
    remember: (verdict) => writeNoiseMemo(place, key, noiseOf(verdict)),
  }
}
