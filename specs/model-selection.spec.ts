import { describe, expect, it } from 'vitest'
import { metrics, perturb } from 'vitest-butterfly'
import { pipeline } from '../examples/model-selection/pipeline.ts'

// The benchmark-generating agent and the candidates run on the embedded tiny
// model (../shared/models/stories260K.gguf), offline and deterministic per seed.
describe('model-selection', () => {
  // Caught instability, measured here with 5 repeats: under top_p 0.85 the
  // winner differs from the base winner in 4 of 5 paired repeats, under 0.95
  // in 3 of 5; between base repeats alone it differs in 2 of 5 (noise floor
  // 0.4). The tiny model's "best model" is not a stable fact. The spec keeps
  // the declared tolerance and is marked as an expected failure.
  it.fails('the best model stays stable under ±0.05 top_p [known instability]', async () => {
    await expect(pipeline).toBeStableUnder(perturb.jitter('generation.top_p', 0.05), {
      stage: 'select', metric: metrics.top1({ select: 'ranking' }), tolerance: 0, repeats: 5,
    })
  })

  it('the generated benchmark itself changes under ±0.05 top_p, even with the same seeds', async () => {
    await expect(pipeline).not.toBeStableUnder(perturb.jitter('generation.top_p', 0.05), {
      stage: 'generate', tolerance: 0, repeats: 5,
    })
  })

  it('scores and selection match the reviewed baseline', async () => {
    await expect(pipeline).toMatchBaseline({ stages: ['score', 'select'], tolerance: { score: 0, select: 0 } })
  })
})
