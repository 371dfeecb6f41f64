import { describe, expect, it } from 'vitest'
import { metrics, perturb, sweep } from 'vitest-butterfly'
import { pipeline } from '../examples/model-selection/pipeline.ts'

// The benchmark-generating agent and the candidates run on the embedded tiny
// model (../shared/models/stories260K.gguf), offline and deterministic per seed.
describe('model-selection', () => {
  // Not decided at 5 repeats. A top_p change gives the model new random
  // draws (independent streams), so the winner's changes are compared with
  // the changes between base samples, in 2 disjoint blocks of samples: the
  // exact McNemar test cannot reach p ≤ 0.05 with 2 blocks, and tolerance 0
  // can never be shown stable on a noisy stage. The verdict is inconclusive
  // (it passes; the report says so). The earlier "4 of 5 and 3 of 5 vs 2 of
  // 5" was not distinguishable from noise (Fisher exact p ≈ 0.52 and 1.0).
  it('the best model under ±0.05 top_p (inconclusive at 5 repeats)', async () => {
    await expect(pipeline).toBeStableUnder(perturb.jitter('generation.top_p', 0.05), {
      stage: 'select', metric: metrics.top1({ select: 'ranking' }), tolerance: 0, repeats: 5,
    })
  })

  // A measurement, not a stability claim: with the same seed, a top_p change
  // changes the generated text in every repeat. Whether the *distribution* of
  // benchmarks changes is a different question (base samples with different
  // seeds differ as much), which the test above asks of the winner.
  it('the generated benchmark changes under ±0.05 top_p, even with the same seeds', async () => {
    const s = await sweep(pipeline, { perturbations: perturb.jitter('generation.top_p', 0.05), repeats: 5 })
    const drift = s.drift('generate', metrics.exact())
    for (const v of drift.perVariant) expect(v.values).toEqual([1, 1, 1, 1, 1])
  })

  it('scores and selection match the reviewed baseline', async () => {
    await expect(pipeline).toMatchBaseline({ stages: ['score', 'select'], tolerance: { score: 0, select: 0 } })
  })
})
