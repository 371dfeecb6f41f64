import type { StabilityRecord, VariantRecord } from './record.ts'

/**
 * A stability record with three stages of ripple and `variants` variants
 * (for an unstable record the first unstable, then alternately stable and
 * unstable; otherwise all with the record's outcome), for the report
 * renderers' tests (not exported from the package).
 */
export function exampleStability(over: Partial<StabilityRecord> = {}, variants = 1): StabilityRecord {
  return {
    kind: 'stability', pipeline: 'p', stage: 'select', metric: { name: 'top1', describe: 'winner changed' },
    perturbations: ['jitter(t, ±0.05)'], repeats: 3, tolerance: 0, alpha: 0.05,
    outcome: 'unstable', pValue: 1 / 32, effect: { estimate: 1, lower: 0.52, upper: 1, confidence: 0.9 }, reference: 'independent-streams',
    onInconclusive: 'pass', onVacuous: 'pass', pass: false, negated: false,
    variants: Array.from({ length: variants }, (_, i): VariantRecord => ({
      id: `t=${(0.95 + i / 100).toFixed(2)}`, label: `t 0.9 → ${(0.95 + i / 100).toFixed(2)}`, outcome: (over.outcome ?? 'unstable') !== 'unstable' ? over.outcome! : i % 2 === 0 ? 'unstable' : 'stable',
      reference: 'independent-streams', method: 'exact one-sided McNemar test',
      pValue: 1 / 32, adjustedPValue: 1 / 32, effect: { estimate: 1, lower: 0.52, upper: 1, confidence: 0.9 }, n: 1,
      values: [1, 0, 1], noise: [0], cross: [1], mean: 2 / 3, max: 1, changed: i === 0 ? ['winner'] : ['winner', `facts[${i}].value`], notes: ['winner a -> b'],
    })),
    noiseFloor: { values: [0], mean: 0, ci: [0, 0], n: 1, measured: true },
    ripple: [
      { stage: 'load', metric: 'jsonDiff', drift: 0, noise: 0, noiseUpper: 0, exceeds: false },
      { stage: 'score', metric: 'numeric', drift: 0.2, noise: 0.01, noiseUpper: 0.02, exceeds: true },
      { stage: 'select', metric: 'top1', drift: 2 / 3, noise: 1 / 3, noiseUpper: 1, exceeds: false },
    ],
    firstExceeding: 'score', notes: [], execution: { runs: 9, executed: 3, cached: 24, failed: 0, skipped: 0, modelCalls: 6 }, ...over,
  }
}
