export { defineStage } from './core/stage.ts'
export type { AnyStage, InputsOf, OutputOf, Stage, StageArgs, StageMap } from './core/stage.ts'
export { definePipeline, isSafeName } from './core/pipeline.ts'
export type { AnyPipeline, ParamsOf, Pipeline, StageNameOf, StageOutputOf } from './core/pipeline.ts'
export type { StageContext } from './core/context.ts'
export type { CompletedStage, RunResult, StageCounts, StageResult, StageUsage } from './core/result.ts'
export type { RunEvent } from './core/execute.ts'
export type { DeepPartial } from './core/params.ts'
export type { CacheStore } from './core/cache-store.ts'
export type { OutputTransform, TransformContext } from './core/transform.ts'
export type { StandardSchemaV1 } from './core/standard-schema.ts'
export type {
  CallOptions, CallSite, ChatMessage, ChatRequest, CompletionRequest, CompletionResult, LlmClient, LlmClientFactory, LlmProvider, SamplingParams, Usage,
} from './core/llm.ts'
export { hashValue, stableStringify } from './core/hash.ts'
export { createFsStore } from './cache/fs.ts'
export type { FsStoreOptions } from './cache/fs.ts'
export { createMemoryStore } from './cache/memory.ts'
export type { CacheOptions } from './cache/resolve.ts'
export { run } from './run/run.ts'
export type { PipelineRunResult, RunOptions } from './run/run.ts'
export {
  BaselineError, ButterflyError, CacheError, CassetteError, MetricError, MissingDependencyError, ParamsError,
  PerturbationError, PipelineDefinitionError, ProviderError, StageError, StageMisuseError, StatsError,
} from './errors.ts'
