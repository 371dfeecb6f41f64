import { StageError } from '../errors.ts'
import type { StageContext } from './context.ts'
import { createStageContext } from './context.ts'
import type { CallSite, LlmClientFactory, Usage } from './llm.ts'
import type { AnyStage } from './stage.ts'
import { validateWith } from './standard-schema.ts'

/** One execution of a stage, tagged on `status`: the validated output, or the `StageError` saying why there is none. */
export type StageRunOutcome = { status: 'valid'; output: unknown } | { status: 'failed'; error: StageError }

/** Where one execution of a stage happens: the run's identity and what its context reaches. */
export interface StageSite {
  pipeline: string
  sample: number
  /** The stage seed (derived from the run's seed and the sample). */
  seed: number
  signal: AbortSignal
  llm: LlmClientFactory
  onUsage: (usage: Usage) => void
  log: (message: string) => void
}

/**
 * The context factory of a stage at a site: a fresh `ctx` per execution,
 * with `ctx.llm` calling through the site's client factory.
 */
export function stageContextFactory(stage: AnyStage, site: StageSite): () => StageContext {
  const callSite: CallSite = { pipeline: site.pipeline, stage: stage.name, sample: site.sample, seed: site.seed, signal: site.signal }
  return () => createStageContext({
    stage: stage.name, stochastic: stage.stochastic === true, sample: site.sample, seed: site.seed, signal: site.signal,
    llm: () => site.llm(callSite, site.onUsage), log: site.log,
  })
}

/**
 * Runs one stage once, uncached: selects its params slice, calls `run` with
 * the inputs and a context, and validates the output against its schema.
 * Never throws: a throwing stage or an invalid output is a `StageError`
 * naming the stage. The one way a stage executes, for `run()` and sweeps (through
 * the cache) and for the latency benchmark (timed, uncached).
 *
 * @example
 * const r = await runStageOnce(stage, params, { facts }, makeCtx())
 * if (r.status === 'failed') throw r.error
 */
export async function runStageOnce(stage: AnyStage, params: unknown, inputs: Record<string, unknown>, ctx: StageContext): Promise<StageRunOutcome> {
  let raw: unknown
  try {
    const slice = stage.params ? stage.params(params) : undefined
    raw = await stage.run({ params: slice, inputs, ctx })
  } catch (cause) {
    if (cause instanceof StageError && cause.stage === stage.name) return { status: 'failed', error: cause }
    return { status: 'failed', error: new StageError(stage.name, `stage "${stage.name}" failed: ${causeMessage(cause)}`, { cause }) }
  }
  const checked = await validateWith(stage.output, raw)
  if (checked.status === 'valid') return { status: 'valid', output: checked.value }
  const first = checked.issues[0]!
  const more = checked.issues.length > 1 ? ` (and ${checked.issues.length - 1} more issues)` : ''
  return { status: 'failed', error: new StageError(stage.name, `stage "${stage.name}" returned an invalid output at ${first.path}: ${first.message}${more}`) }
}

/** A cause's message without its own `[butterfly]` prefix: the stage's message adds it once. */
export function causeMessage(cause: unknown): string {
  return (cause instanceof Error ? cause.message : String(cause)).replace(/^\[butterfly\] /, '')
}
