import { executePipeline } from '../core/execute.ts'
import type { RunOptions } from './options.ts'
import { resolveRunOptions } from './options.ts'
import type { DeepPartial } from '../core/params.ts'
import { resolveParams } from '../core/params.ts'
import type { AnyPipeline, ParamsOf, StageNameOf, StageOutputOf } from '../core/pipeline.ts'
import type { RunResult } from '../core/result.ts'

export type { ResolvedRunOptions, RunOptions } from './options.ts'

/** The typed result of running pipeline `P`. */
export type PipelineRunResult<P> = RunResult<StageNameOf<P>, { [N in StageNameOf<P>]: StageOutputOf<P, N> }>

/**
 * Runs a pipeline once: resolves the params (defaults deep-merged with
 * `overrides`, validated before anything runs), then executes every stage not
 * already in the cache.
 *
 * @example
 * const result = await run(pipeline, { generation: { top_p: 0.95 } }, { cacheDir: '.butterfly/cache' })
 * result.stages.facts.status // 'executed' | 'cached' | 'failed' | 'skipped'
 * result.output('facts')
 */
export async function run<P extends AnyPipeline>(
  pipeline: P,
  overrides: DeepPartial<ParamsOf<P>> = {} as DeepPartial<ParamsOf<P>>,
  options: RunOptions = {},
): Promise<PipelineRunResult<P>> {
  const params = await resolveParams(pipeline, overrides)
  const result = await executePipeline(pipeline, params, resolveRunOptions(pipeline, options))
  return result as PipelineRunResult<P>
}
