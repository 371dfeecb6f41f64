import { describe, expect, it } from 'vitest'
import { metrics, perturb } from 'vitest-butterfly'
import { pipeline } from '../examples/leaderboard/mmlu-pipeline.ts'

// MMLU-Pro, released per-item predictions of 28 real models on their 12,002
// common items (../shared/data/mmlu-pro-outputs). Nothing calls a model: the
// pipeline re-scores the released outputs, so every figure below is exact.
// Drift is measured on `accuracy` (a record model → accuracy), where top1 and
// Kendall τ_b both see ties; `ranking` would break ties by id.

// Perturbations are shared by identity: assertions with the same one share one sweep.
const everyOtherExtractor = perturb.swap('extraction.variant', ['strict', 'cascade', 'last-answer-is'])
const firstAnswerExtractors = perturb.swap('extraction.variant', ['strict', 'cascade'])
const lastAnswerIs = perturb.swap('extraction.variant', 'last-answer-is')
const hundredItems = perturb.swap('items.subsample', 100)

// Without subsampling no stage is stochastic: every repeat is the same run,
// so 2 repeats only serve to show a noise floor of 0.
const deterministic = { repeats: 2 } as const

describe('leaderboard: MMLU-Pro, 28 models', () => {
  // Holds: gemini-1.5-pro-002 is the sole best model under released, strict
  // L1, L2 cascade and last-"answer is" extraction (top1 drift 0 for each).
  it('the winner is the same under every answer-extraction variant', async () => {
    await expect(pipeline).toBeStableUnder(everyOtherExtractor, {
      stage: 'accuracy', metric: metrics.top1(), tolerance: 0, ...deterministic,
    })
  })

  // Holds: τ_b 0.995 under strict L1 (Kendall distance 0.005, max rank shift
  // 1) and 0.974 under the L2 cascade (distance 0.026, max shift 2).
  it('the ranking stays within Kendall τ ≥ 0.9 under strict and cascade extraction', async () => {
    await expect(pipeline).toBeStableUnder(firstAnswerExtractors, {
      stage: 'accuracy', metric: metrics.kendallTau(), tolerance: 0.1, ...deterministic,
    })
  })

  // Caught instability: taking the last "answer is (X)" of a chain of thought
  // instead of the first gives τ_b 0.841 (Kendall distance 0.159 > 0.1);
  // Meta-Llama-3-70B falls from 4th to 23rd place (19 places), because the
  // base model keeps writing few-shot-style questions after its answer and
  // the extractor reads the answer to a question it made up.
  it.fails('the ranking stays within Kendall τ ≥ 0.9 under "last answer is" extraction [known instability]', async () => {
    await expect(pipeline).toBeStableUnder(lastAnswerIs, {
      stage: 'accuracy', metric: metrics.kendallTau(), tolerance: 0.1, ...deterministic,
    })
  })

  // Caught instability. Each repeat scores one random 100-item subsample
  // (the `subsample` stage draws from the sample's seed) against the full
  // 12,002 items. Claim: the subsample's winner (co-best set) is the
  // full-data winner in at least 95% of draws, at 95% confidence; 100 draws
  // suffice for the claim to be able to hold (59 with no change would).
  // Measured at 300 draws: the winner changed in 41 of 300 (13.7 %). The
  // verdict compares 150 disjoint blocks (the base is the full data, so its
  // noise is 0): 18 vs 0 discordant blocks, Tango score test against a
  // margin of 0.05: unstable, p = 7.8e-4, excess 0.12 [0.083, 0.171] (90 %
  // bounds). It survives the suite-wide Holm adjustment of `npm run
  // stability`; at 100 draws (13 of 100, p = 0.034) it did not. The report's examples of changed draws crown gemini-1.5-flash-002 or
  // Meta-Llama-3_1-70B-Instruct, alone or tied with gemini-1.5-pro-002. The
  // leaderboard README has 24 of 200 draws (12.0%, Wilson CI 8.2–17.2%),
  // and the data README "top-1 recovered in 85% of 2,000 draws".
  it.fails('the winner of a 100-item subsample is the full-data winner in ≥ 95% of draws [known instability]', async () => {
    await expect(pipeline).toBeStableUnder(hundredItems, {
      stage: 'accuracy', metric: metrics.top1(), tolerance: 0.05, alpha: 0.05, repeats: 300,
    })
  })

  // The released leaderboard itself: any changed accuracy (not only a changed
  // order) or winner fails until the baseline is reviewed and updated (-u).
  it('accuracies and winner match the reviewed baseline', async () => {
    await expect(pipeline).toMatchBaseline({
      stages: ['accuracy', 'winner'], metric: { accuracy: metrics.jsonDiff(), winner: metrics.exact() }, tolerance: 0,
    })
  })
})
