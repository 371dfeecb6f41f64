import { join } from 'node:path'
import { definePipeline, defineStage } from 'vitest-butterfly'
import { z } from 'zod'
import { accuracyByModel } from './accuracy.ts'
import { DEFAULT_DATA_DIR, resolveDataDir } from './data-dir.ts'
import { drawIndices } from './draw.ts'
import { EXTRACTION_VARIANTS, loadPredictionMatrix } from './mmlu-data.ts'
import { coBest, rankIds } from './ranking.ts'

/**
 * Params of the MMLU-Pro leaderboard pipeline. Every field has a default; the
 * defaults are the data README's reference setup (released predictions, the
 * 28 models with ≥ 12,000 answered items, their 12,002 common items,
 * unparsable answers scored as a random guess).
 */
export const params = z.object({
  data: z.object({
    /** Folder holding `mmlu-pro-outputs/`; relative paths are relative to the repository root. */
    dir: z.string().min(1).default(DEFAULT_DATA_DIR),
  }).prefault({}),
  extraction: z.object({
    /** Answer-extraction variant: which predictions CSV is read. */
    variant: z.enum(EXTRACTION_VARIANTS).default('released'),
  }).prefault({}),
  panel: z.object({
    /** Models with fewer answered items are left out (0 keeps all 29). */
    minItems: z.number().int().min(0).default(12_000),
    /** `common`: items every panel model answered; `own`: each model on all the items it answered. */
    items: z.enum(['common', 'own']).default('common'),
  }).prefault({}),
  items: z.object({
    /** Score a random subsample of this many items, drawn per sample from `ctx.seed`; `null` scores every item. */
    subsample: z.number().int().positive().nullable().default(null),
  }).prefault({}),
  scoring: z.object({
    /** An unparsable answer counts as the expected value of a random guess (1/n_options) or as wrong. */
    unparsable: z.enum(['random-guess', 'wrong']).default('random-guess'),
  }).prefault({}),
})

/** Resolved params of {@link pipeline}. */
export type MmluParams = z.output<typeof params>

// The stages' logic lives in helper modules, which the default version (a hash
// of `run`'s source) does not see; bump these when that logic changes.
const VERSION = 'leaderboard-mmlu/1'

const matrixSchema = z.object({
  variant: z.enum(EXTRACTION_VARIANTS),
  questionIds: z.array(z.number().int()),
  nOptions: z.array(z.number().int().min(1).max(10)),
  outcomes: z.record(z.string(), z.string().regex(/^[10?-]*$/)),
}).refine((m) => m.nOptions.length === m.questionIds.length && Object.values(m.outcomes).every((s) => s.length === m.questionIds.length), {
  message: 'every model needs exactly one outcome code per item',
})

/** Reads the predictions CSV of the extraction variant and encodes each panel model's per-item outcomes compactly. */
export const predictions = defineStage({
  name: 'predictions',
  version: VERSION,
  params: (p: MmluParams) => ({ dir: p.data.dir, variant: p.extraction.variant, panel: p.panel }),
  output: matrixSchema,
  run: async ({ params: { dir, variant, panel }, ctx }) => {
    const matrix = await loadPredictionMatrix(join(resolveDataDir(dir), 'mmlu-pro-outputs'), variant, panel)
    ctx.log(`${variant}: ${Object.keys(matrix.outcomes).length} models x ${matrix.questionIds.length} items`)
    return matrix
  },
})

/**
 * Draws the items to score. Stochastic, because the draw is the randomness
 * being studied: each sample (repeat) of a sweep is one independent draw
 * from its own `ctx.seed`, so the repeats' spread is the subsampling noise
 * and "the winner changed in x% of repeats" is the instability under
 * subsampling. With `subsample: null` it returns `null` (every item), so every
 * sample shares the downstream cache entries.
 */
export const subsample = defineStage({
  name: 'subsample',
  version: VERSION,
  stochastic: true,
  params: (p: MmluParams) => p.items,
  needs: { predictions },
  output: z.array(z.number().int().nonnegative()).nullable(),
  run: ({ params: { subsample: k }, inputs, ctx }) => {
    if (k === null) return null
    const n = inputs.predictions.questionIds.length
    if (k > n) throw new Error(`items.subsample is ${k}, but the panel has only ${n} items`)
    return drawIndices(n, k, ctx.seed)
  },
})

/** Accuracy (0..1) per model, higher is better: correct = 1, unparsable = 1/n_options (or 0), over the selected items. */
export const accuracy = defineStage({
  name: 'accuracy',
  version: VERSION,
  params: (p: MmluParams) => p.scoring,
  needs: { predictions, subsample },
  output: z.record(z.string(), z.number().min(0).max(1)),
  run: ({ params: { unparsable }, inputs }) => accuracyByModel(inputs.predictions, inputs.subsample, unparsable),
})

/** Model ids, best first (equal accuracies ordered by id; the ties themselves stay visible in `accuracy`). */
export const ranking = defineStage({
  name: 'ranking',
  version: VERSION,
  needs: { accuracy },
  output: z.array(z.string()),
  run: ({ inputs }) => rankIds(inputs.accuracy),
})

/** The co-best model ids, sorted: one id unless the top accuracy is tied. */
export const winner = defineStage({
  name: 'winner',
  version: VERSION,
  needs: { accuracy },
  output: z.array(z.string()).min(1),
  run: ({ inputs }) => coBest(inputs.accuracy),
})

/**
 * MMLU-Pro leaderboard on real per-item predictions of 29 models
 * (`mmlu-pro-outputs/`): predictions → subsample → accuracy → ranking, winner.
 *
 * @example
 * const r = await run(pipeline, { extraction: { variant: 'last-answer-is' } })
 * r.output('winner') // ['gemini-1.5-pro-002']
 */
export const pipeline = definePipeline({
  name: 'mmlu-pro-leaderboard',
  description: 'MMLU-Pro: answer extraction and item subsampling vs per-model accuracy, ranking and winner (29 real models)',
  params,
  stages: [predictions, subsample, accuracy, ranking, winner],
})
