import type { CacheStore } from './cache-store.ts'
import { computeStage } from './compute.ts'
import { createStageContext } from './context.ts'
import { hash32 } from './hash.ts'
import type { CallSite, LlmClientFactory, Usage } from './llm.ts'
import type { AnyPipeline } from './pipeline.ts'
import { addUsage, emptyUsage } from './result.ts'
import type { StageResult } from './result.ts'
import type { AnyStage } from './stage.ts'

/** Derives the seed a stochastic stage sees from the run's seed and the sample index. */
export function deriveSeed(seed: number, sample: number): number {
  return hash32('butterfly-seed', seed, sample)
}

/** Everything one stage execution needs besides the stage: its inputs are given, not looked up. */
export interface StageRunInput {
  /** The pipeline's resolved params (the stage selects its slice). */
  params: unknown
  /** Outputs of the stage's `needs`, by alias. */
  inputs: Record<string, unknown>
  /** Content hashes of those outputs, by alias (they enter the cache key). */
  inputHashes: Record<string, string>
  sample: number
  /** The run's seed; the stage sees {@link deriveSeed} of it and the sample. */
  seed: number
  /** `modelsIdentity` of the pipeline's models. */
  models: Record<string, unknown>
  cache: CacheStore
  signal: AbortSignal
  llm: LlmClientFactory
  onLog?: ((stage: string, message: string) => void) | undefined
  onWarning?: ((message: string) => void) | undefined
}

/**
 * Runs one stage of `pipeline` on the given inputs through the cache: the one
 * way a stage is executed, whether its inputs come from the same run
 * (`executePipeline`) or from elsewhere (attribution splices the current
 * code onto a baseline's inputs). Never throws for a failing stage.
 */
export async function runStage(pipeline: AnyPipeline, stage: AnyStage, input: StageRunInput): Promise<StageResult> {
  const { sample, signal } = input
  const stageSeed = deriveSeed(input.seed, sample)
  const site: CallSite = { pipeline: pipeline.name, stage: stage.name, sample, seed: stageSeed, signal }
  const logs: string[] = []
  const log = (message: string): void => {
    logs.push(message)
    input.onLog?.(stage.name, message)
  }
  const usage = emptyUsage()
  const onUsage = (u: Usage): void => void addUsage(usage, { calls: 1, ...u })
  const makeCtx = () => createStageContext({
    stage: stage.name, stochastic: stage.stochastic === true, sample, seed: stageSeed, signal,
    llm: () => input.llm(site, onUsage), log,
  })
  return computeStage(stage, {
    params: input.params, inputs: input.inputs, inputHashes: input.inputHashes, sample, seed: input.seed,
    models: input.models, cache: input.cache, makeCtx, usage, logs, onWarning: input.onWarning,
  })
}
