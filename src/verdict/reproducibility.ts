import pLimit from 'p-limit'
import { resolveCache } from '../cache/resolve.ts'
import { executePipeline } from '../core/execute.ts'
import type { DeepPartial } from '../core/params.ts'
import { resolveParams } from '../core/params.ts'
import type { AnyPipeline, ParamsOf, StageNameOf } from '../core/pipeline.ts'
import type { RunResult } from '../core/result.ts'
import { OptionsError } from '../errors.ts'
import { inferMetric } from '../metrics/infer.ts'
import type { Metric } from '../metrics/metric.ts'
import { compare, outputsOf } from '../perturbations/pairing.ts'
import type { RunOptions } from '../run/run.ts'
import { resolveLlmOption } from '../run/llm-option.ts'
import type { PairedDesign } from './design.ts'
import { stochasticUpstream } from './design.ts'
import { byFutility, outcomeOf } from './judge.ts'
import type { RepeatsOption, VerdictOptions } from './options.ts'
import { resolveRepeats, resolveVerdictOptions } from './options.ts'
import { measuredNoise, memoMetricName, noiseMemoKey, noiseMemoPlace } from './noise-memo.ts'
import { planNote } from './plan-note.ts'
import { createPowerWarning } from './power-warning.ts'
import { testVariant } from './test-variant.ts'
import type { LookLevels } from './sequential-run.ts'
import { runLooks } from './sequential-run.ts'
import type { StabilityVerdict } from './types.ts'
import { isEmptyOutput } from './vacuous.ts'

/** Options of {@link checkReproducibility}: the stage and metric, the verdict options, how to run the pipeline. */
export type CheckReproducibilityOptions<P extends AnyPipeline = AnyPipeline> = VerdictOptions & Omit<RunOptions, 'sample' | 'transforms' | 'onEvent'> & {
  /** The stage whose output must be reproducible across identical runs. */
  stage: StageNameOf<P>
  /** How two runs' outputs differ. @default inferred from the stage's output */
  metric?: Metric<any>
  /**
   * Identical runs (samples 0..n−1, as a sweep's base runs, so they share the
   * cache), compared in disjoint pairs; or `{ min, max }` for sequential repeats.
   * @default 10
   */
  repeats?: RepeatsOption
  /** Params overrides of the runs. @default {} */
  params?: DeepPartial<ParamsOf<P>>
  /** Runs in flight at once. @default 4 */
  concurrency?: number
}

/** A reproducibility verdict with the runs it was judged on. */
export interface ReproducibilityCheck {
  verdict: StabilityVerdict
  runs: RunResult[]
  /** The metric used (given or inferred). */
  metric: Metric<any>
}

const WHERE = 'checkReproducibility'

/**
 * The test of one set of identical runs: disjoint pairs (2j, 2j+1) of
 * independent samples, each pair's drift one independent value, tested
 * against the tolerance with a reference of 0 (exact binomial test and
 * Clopper–Pearson bounds for 0/1 drift; sign-flip test and Student's t
 * bounds otherwise; with tolerance 0 any difference is significant).
 */
function judge(pipeline: AnyPipeline, runs: readonly RunResult[], stage: string, metric: Metric<any>, tolerance: number, levels: LookLevels, seed: number, minEffect: number | undefined): StabilityVerdict {
  const { alpha } = levels
  const outputs = outputsOf({ id: 'base', label: 'base', params: {}, base: true, runs: [...runs] }, stage)
  const pairs = Math.floor(outputs.length / 2)
  const noise = Array.from({ length: pairs }, (_, j) => compare(metric, outputs[2 * j]!, outputs[2 * j + 1]!, `samples ${2 * j} and ${2 * j + 1} of stage "${stage}"`))
  const empty = (o: (typeof outputs)[number]): boolean => (metric.empty ? metric.empty(o.output) : isEmptyOutput(o.output))
  const notes = outputs.length % 2 === 1 ? [`identical runs are compared in disjoint pairs: sample ${outputs.length - 1} of ${outputs.length} was not used (use an even number of repeats)`] : []
  const binary = noise.every((x) => x === 0 || x === 1)
  // No stochastic stage upstream: every run is the same computation, the comparison is exact.
  const deterministic = stochasticUpstream(pipeline, stage).length === 0
  // Otherwise pairs of independent samples, compared with a reference of 0: the shared-seeds form of the variant test.
  const design: PairedDesign = deterministic
    ? { reference: 'deterministic', values: noise.length > 0 ? [Math.max(...noise)] : [], drift: noise, noise: [], cross: [], binary, vacuous: outputs.every(empty), notes }
    : { reference: 'shared-seeds', values: noise, drift: noise, noise: [], cross: [], binary, vacuous: outputs.every(empty), notes }
  const t = testVariant(design, tolerance, alpha, seed)
  const reference = deterministic ? 'deterministic' as const : 'independent-streams' as const
  const outcome = pairs === 0 ? 'inconclusive' : outcomeOf(t.pValue, t.effect.upper, tolerance, alpha, design.vacuous)
  // Sequential repeats stop at the futility boundary; the outcome stays inconclusive.
  const futile = outcome === 'inconclusive' ? byFutility(design, tolerance, levels.futility) : undefined
  if (futile) t.notes.push(futile)
  const variant = {
    variant: 'identical-runs', label: 'run 2j vs run 2j+1', outcome, reference,
    method: `disjoint pairs of identical runs: ${t.method}`, pValue: t.pValue, adjustedPValue: t.pValue, effect: t.effect, n: pairs, drift: noise, noise: [], cross: [], notes: [...notes, ...t.notes],
  }
  const verdict: StabilityVerdict = {
    outcome, pValue: t.pValue, alpha, tolerance, effect: t.effect, reference, repeats: runs.length, variants: [variant],
    notes: pairs === 0 ? ['reproducibility needs at least 2 repeats (one pair of identical runs)'] : [],
  }
  // The planner counts pairs here (shared-seeds form); each pair is two runs.
  if (futile) verdict.futility = true
  const plan = planNote(verdict, [design], { tolerance, alpha, seed, ...(minEffect !== undefined ? { minEffect } : {}), ...(levels.plan ? { plan: levels.plan } : {}) }, 2)
  verdict.notes = plan.notes
  if (plan.repeatsNeeded !== undefined) verdict.repeatsNeeded = plan.repeatsNeeded
  return verdict
}

/**
 * Runs the pipeline `repeats` times with nothing changed and judges the
 * internal form of {@link checkReproducibility} that also returns the runs.
 */
export async function runReproducibilityCheck(pipeline: AnyPipeline, options: CheckReproducibilityOptions, where = WHERE): Promise<ReproducibilityCheck> {
  const resolved = resolveVerdictOptions(options, where)
  const { min, max } = resolveRepeats(options.repeats, where, 10)
  const stage = options.stage
  if (typeof stage !== 'string' || !pipeline.stages.some((s) => s.name === stage)) {
    throw new OptionsError(`[${where}] option "stage": pipeline "${pipeline.name}" has no stage ${JSON.stringify(stage)} (stages: ${pipeline.stages.map((s) => s.name).join(', ')})`)
  }
  const params = await resolveParams(pipeline, options.params ?? {})
  const cache = resolveCache(options)
  const llm = resolveLlmOption(pipeline, options.llm)
  const seed = options.seed ?? 0
  const limit = pLimit(Math.max(1, options.concurrency ?? 4))
  const runs: RunResult[] = []
  const runUpTo = async (n: number): Promise<void> => {
    const more = Array.from({ length: n - runs.length }, (_, i) => runs.length + i)
    runs.push(...await Promise.all(more.map((sample) => limit(() => executePipeline(pipeline, params, {
      cache, sample, seed, llm,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onLog ? { onLog: options.onLog } : {}),
    })))))
  }
  let metric = options.metric
  const decide = (levels: LookLevels): StabilityVerdict => {
    metric ??= inferMetric(outputsOf({ id: 'base', label: 'base', params: {}, base: true, runs: runs.slice(0, 1) }, stage)[0]!.output)
    return judge(pipeline, runs, stage, metric, resolved.tolerance, levels, seed, resolved.minEffect)
  }
  // The power warning as in checkStability: before running from the noise the last check left, else after the first batch.
  const power = createPowerWarning({
    where, pipeline: pipeline.name, stage, onWarning: options.onWarning, resolved, max, runsPerValue: 2,
    place: noiseMemoPlace(options),
    key: noiseMemoKey(pipeline.name, stage, memoMetricName(options.metric), ['identical runs'], { params: options.params, seed }),
    // Pairs of identical runs are the shared-seeds form of the variant test (a reference of 0).
    noiseOf: (v) => v.variants.flatMap((x) => (x.reference === 'deterministic' ? [] : measuredNoise({ reference: 'shared-seeds', drift: x.drift, noise: [], cross: [] }) ?? [])),
  })
  await power.before()
  if (min === max) {
    await runUpTo(min)
    const verdict = decide({ alpha: resolved.alpha })
    verdict.notes.unshift(...resolved.notes)
    power.after(verdict, min)
    await power.remember(verdict)
    return { verdict, runs, metric: metric! }
  }
  // Sequential repeats: the same design as checkStability (docs/statistics.md).
  const { verdict } = await runLooks(min, max, resolved, async (repeats, levels) => {
    await runUpTo(repeats)
    const v = decide(levels)
    power.after(v, max)
    return { verdict: v, extra: undefined }
  })
  await power.remember(verdict)
  return { verdict, runs, metric: metric! }
}

/**
 * Tests whether a stage gives the same result across identical runs (the
 * pipeline's own noise floor, e.g. "the winner is the same in repeated
 * runs"): runs the pipeline `repeats` times with nothing changed, compares
 * disjoint pairs of runs and tests the drift between them against the
 * tolerance at level α, with the outcomes of `checkStability` (`stable`
 * means reproducible within the tolerance). `toBeReproducible` is built on it.
 *
 * @example
 * const v = await checkReproducibility(pipeline, { stage: 'select', metric: metrics.top1(), tolerance: 0.2, repeats: 40 })
 * v.outcome // 'stable' when the winner of two runs differs in at most 20 % of pairs (upper bound)
 * v.effect.estimate // the share of pairs of identical runs whose winners differ
 */
export async function checkReproducibility<P extends AnyPipeline>(pipeline: P, options: CheckReproducibilityOptions<P>): Promise<StabilityVerdict> {
  return (await runReproducibilityCheck(pipeline, options as CheckReproducibilityOptions)).verdict
}
