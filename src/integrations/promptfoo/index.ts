/**
 * `vitest-butterfly/promptfoo`: promptfoo (an optional peer dependency) as a
 * pipeline stage and as a drift metric. Importing this entry loads no
 * promptfoo; the stage imports it on its first run, the metric on its first
 * comparison, and both say how to install it when it is missing.
 */
export { promptfooStage } from './stage.ts'
export type { PromptfooAssertion, PromptfooStage, PromptfooStageDefinition, PromptfooSuite, PromptfooTestCase } from './stage.ts'
export { promptfooMetric } from './metric.ts'
export type { PromptfooMetric, PromptfooMetricAssertion, PromptfooMetricOptions, PromptfooVerdict } from './metric.ts'
export { promptfooProvider } from './provider.ts'
export type { PromptfooApiProvider, PromptfooModel } from './provider.ts'
export { promptfooResultsSchema } from './results.ts'
export type { PromptfooAssertionResult, PromptfooResult } from './results.ts'
export { loadPromptfoo, PROMPTFOO_INSTALL, PROMPTFOO_VERSION } from './import.ts'
export type { PromptfooImporter, PromptfooModule } from './import.ts'
