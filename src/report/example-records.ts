import type { StabilityRecord } from './record.ts'

/**
 * A stability record with three stages of ripple and `variants` variants,
 * for the report renderers' tests (not exported from the package).
 */
export function exampleStability(over: Partial<StabilityRecord> = {}, variants = 1): StabilityRecord {
  return {
    kind: 'stability', pipeline: 'p', stage: 'select', metric: { name: 'top1', describe: 'winner changed' },
    perturbations: ['jitter(t, ±0.05)'], repeats: 3, tolerance: { value: 0, statistic: 'max', excess: false }, confidence: 0.95,
    pass: false, negated: false, observed: 1,
    variants: Array.from({ length: variants }, (_, i) => ({
      id: `t=${(0.95 + i / 100).toFixed(2)}`, label: `t 0.9 → ${(0.95 + i / 100).toFixed(2)}`, values: [1, 0, 1], mean: 2 / 3, ci: [0, 1] as [number, number], max: 1,
      excess: { values: [1, 0, 0], mean: 1 / 3, ci: [0, 1] as [number, number] }, observed: 1, pass: i % 2 === 1, changed: i === 0 ? ['winner'] : ['winner', `facts[${i}].value`], notes: ['winner a -> b'],
    })),
    noiseFloor: { values: [0, 1, 0], mean: 1 / 3, ci: [0, 1], n: 3, measured: true },
    ripple: [
      { stage: 'load', metric: 'jsonDiff', drift: 0, noise: 0, noiseUpper: 0, exceeds: false },
      { stage: 'score', metric: 'numeric', drift: 0.2, noise: 0.01, noiseUpper: 0.02, exceeds: true },
      { stage: 'select', metric: 'top1', drift: 2 / 3, noise: 1 / 3, noiseUpper: 1, exceeds: false },
    ],
    firstExceeding: 'score', notes: [], execution: { runs: 9, executed: 3, cached: 24, failed: 0, skipped: 0, modelCalls: 6 }, ...over,
  }
}
