import type { StageError } from '../errors.ts'
import type { Usage } from './llm.ts'

/** Model usage of one stage execution. */
export interface StageUsage extends Usage {
  /** Model calls made (0 for a cached stage: its calls were made when it executed). */
  calls: number
}

interface Completed<Out> {
  /** Cache key: hash of stage name, version, params slice, input hashes (and sample and seed when stochastic). */
  key: string
  /** Content hash of the output (after a data perturbation, when one applies). */
  hash: string
  durationMs: number
  output: Out
  /** Usage recorded when the output was computed. */
  usage: StageUsage
  logs: string[]
  /** True when a data perturbation changed this stage's output before its dependents saw it. */
  perturbed: boolean
  /** Set on a cached stage read from the cache's remote tier (computed on another machine). */
  remote?: true
}

/** What happened to one stage in a run, tagged on `status`. */
export type StageResult<Out = unknown> =
  | ({ status: 'executed' } & Completed<Out>)
  | ({ status: 'cached' } & Completed<Out>)
  | { status: 'failed'; key?: string; durationMs: number; error: StageError; logs: string[] }
  | { status: 'skipped'; because: string }

/** A stage result that produced an output. */
export type CompletedStage<Out = unknown> = Extract<StageResult<Out>, { status: 'executed' | 'cached' }>

/** Counts of stage statuses. */
export interface StageCounts {
  executed: number
  cached: number
  failed: number
  skipped: number
}

/** The outcome of running a pipeline once (one sample). */
export interface RunResult<Names extends string = string, Outputs extends Record<string, unknown> = Record<string, unknown>> {
  status: 'passed' | 'failed'
  pipeline: string
  /** The resolved params (defaults merged with overrides). */
  params: unknown
  sample: number
  seed: number
  /** Stage names in execution order. */
  order: Names[]
  stages: { [N in Names]: StageResult<N extends keyof Outputs ? Outputs[N] : unknown> }
  counts: StageCounts
  usage: StageUsage
  durationMs: number
  /** The first stage error, when `status` is `failed`. */
  error?: StageError
  /** The output of a completed stage; throws when it failed or was skipped. */
  output<N extends Names>(name: N): N extends keyof Outputs ? Outputs[N] : unknown
}

/** A zeroed usage record. */
export function emptyUsage(): StageUsage {
  return { calls: 0, promptTokens: 0, completionTokens: 0 }
}

/** Adds `b` into `a` in place and returns `a`. */
export function addUsage(a: StageUsage, b: Partial<StageUsage>): StageUsage {
  a.calls += b.calls ?? 0
  a.promptTokens += b.promptTokens ?? 0
  a.completionTokens += b.completionTokens ?? 0
  if (b.cost !== undefined) a.cost = (a.cost ?? 0) + b.cost
  return a
}
