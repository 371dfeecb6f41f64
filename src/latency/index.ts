/**
 * `vitest-butterfly/latency`: how long one stage takes (tinybench, loaded on
 * the first measurement), how two sets of timings compare beyond their noise,
 * and the latency baselines kept under `snapshots/`. The matcher
 * `toStayWithinLatency` is in `vitest-butterfly/vitest`.
 */
export { benchStage } from './bench-stage.ts'
export type { BenchStageOptions, BenchStageResult, LatencyStats } from './bench-stage.ts'
export { compareLatency } from './compare-latency.ts'
export type { CompareLatencyOptions, LatencyComparison, LatencySamples } from './compare-latency.ts'
export { checkLatencyBaseline, machineLine } from './latency-baseline.ts'
export type { CheckLatencyBaselineOptions, CurrentLatency, LatencyBaselineFile, LatencyBaselineResult } from './latency-baseline.ts'
