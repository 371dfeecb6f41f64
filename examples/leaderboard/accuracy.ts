import type { PredictionMatrix } from './mmlu-data.ts'
import { OUTCOME } from './mmlu-data.ts'

/** How an unparsable answer (`""`) is scored: the expected value of a random guess, 1/n_options (the data README's convention), or wrong. */
export type UnparsablePolicy = 'random-guess' | 'wrong'

// Scores are summed in units of 1/2520 (2520 = lcm(1..10)), so 1/n_options is
// an exact integer for every item and equal accuracies compare equal: ties
// stay ties instead of being split by rounding noise.
const UNIT = 2520

/**
 * Accuracy (0..1) of every model of `matrix` on the items `indices` (all
 * items when `null`): correct = 1, unparsable = 1/n_options or 0, wrong = 0;
 * items a model has no output for do not count for that model. A model with
 * no scored item throws, naming the model (its accuracy is undefined).
 *
 * @example
 * accuracyByModel(matrix, null, 'random-guess') // { 'gemini-1.5-pro-002': 0.7011..., ... }
 */
export function accuracyByModel(matrix: PredictionMatrix, indices: readonly number[] | null, unparsable: UnparsablePolicy): Record<string, number> {
  const items = indices ?? matrix.nOptions.map((_, i) => i)
  const guess = matrix.nOptions.map((n) => (unparsable === 'random-guess' ? UNIT / n : 0))
  const out: Record<string, number> = {}
  for (const [model, codes] of Object.entries(matrix.outcomes)) {
    let units = 0
    let scored = 0
    for (const i of items) {
      const code = codes[i]
      if (code === undefined) throw new RangeError(`item index ${i} is outside the ${codes.length} items of model ${model}`)
      if (code === OUTCOME.missing) continue
      scored++
      if (code === OUTCOME.correct) units += UNIT
      else if (code === OUTCOME.unparsable) units += guess[i]!
    }
    if (scored === 0) throw new Error(`model ${model} answered none of the ${items.length} selected items; its accuracy is undefined`)
    out[model] = units / (UNIT * scored)
  }
  return out
}
