/**
 * `vitest-butterfly/vitest`: everything that runs inside Vitest. The plugin,
 * `invariants()`, the butterfly reporter, and the types of the matchers the
 * plugin registers (`toBeStableUnder`, `toBeReproducible`, `toMatchBaseline`,
 * `toStayWithinLatency`) and of the records they attach to each test.
 *
 * @example
 * import { defineConfig } from 'vitest/config'
 * import { butterfly } from 'vitest-butterfly/vitest'
 * export default defineConfig({ plugins: [butterfly()] })
 */
import './matcher-types.ts'

export { butterfly, ButterflyReporter } from './plugin.ts'
export type { ButterflyCacheOptions, ButterflyOptions, ButterflyReporterOptions, ObsoleteMode, ReportOptions, ResolvedButterflyOptions } from './plugin.ts'
export { invariants } from './invariants.ts'
export { report } from './report.ts'
export type { InvariantSpec } from './invariants.ts'
export type { ButterflyMatchers, MatchBaselineOptions, ReproducibleOptions, StableUnderOptions, StageOf, StayWithinLatencyOptions } from './matcher-types.ts'
export type {
  AttributionRecord, BaselineRecord, ButterflyTaskMeta, EffectRecord, ErrorRecord, ExecutionRecord, InvariantRecord, RunRecord, RunStageRecord, StabilityOutcomeRecord, StabilityRecord,
  SuiteAdjustmentRecord, VariantRecord,
} from '../report/record.ts'
export type { ButterflyReport, ReportTest } from '../report/model.ts'
