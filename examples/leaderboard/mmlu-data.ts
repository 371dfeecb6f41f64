import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { parseCsv, readCsvTable } from './csv.ts'

/** The answer-extraction variants of `mmlu-pro-outputs/`, each one CSV of predicted letters. */
export const EXTRACTION_VARIANTS = ['released', 'strict', 'cascade', 'last-answer-is'] as const

/** One answer-extraction variant (see the data README): released `pred`, strict L1 regex, L2 cascade, last "answer is". */
export type ExtractionVariant = (typeof EXTRACTION_VARIANTS)[number]

/** The predictions file of each variant, inside the `mmlu-pro-outputs/` folder. */
export const PREDICTION_FILES: Readonly<Record<ExtractionVariant, string>> = {
  released: 'preds_released.csv',
  strict: 'preds_strict_l1.csv',
  cascade: 'preds_cascade_l2.csv',
  'last-answer-is': 'preds_last_answer_is.csv',
}

/** Codes of one item's outcome in {@link PredictionMatrix.outcomes}. */
export const OUTCOME = { correct: '1', wrong: '0', unparsable: '?', missing: '-' } as const

/** Which models and items enter the evaluation. */
export interface PanelOptions {
  /** Models with fewer answered items are left out (the data README's reference panel: ≥ 12,000, i.e. 28 models). */
  minItems: number
  /** `common`: only items every panel model answered (paired comparisons); `own`: every item, each model scored on the items it answered. */
  items: 'common' | 'own'
}

/**
 * The evaluation matrix of one extraction variant, kept compact so its cache
 * entry stays small: per model one string with one outcome code per item
 * (`1` correct, `0` wrong, `?` unparsable, `-` no output), the items in
 * `items.csv` order.
 */
export interface PredictionMatrix {
  variant: ExtractionVariant
  /** MMLU-Pro `question_id` of each item. */
  questionIds: number[]
  /** Number of answer options of each item (a random guess is right with 1/n). */
  nOptions: number[]
  /** Model id → outcome codes, one per item. */
  outcomes: Record<string, string>
}

interface Item {
  id: number
  answer: string
  nOptions: number
}

async function readText(dir: string, file: string): Promise<{ path: string; text: string }> {
  const path = join(dir, file)
  try {
    return { path, text: await readFile(path, 'utf8') }
  } catch (cause) {
    throw new Error(`cannot read ${path} (set BUTTERFLY_DATA_DIR or the data.dir param to the folder holding mmlu-pro-outputs/): ${(cause as Error).message}`, { cause })
  }
}

async function readItems(dir: string): Promise<Item[]> {
  const { path, text } = await readText(dir, 'items.csv')
  return readCsvTable(text, path).rows.map((row, r) => {
    const id = Number(row.question_id)
    const nOptions = Number(row.n_options)
    const answer = row.answer ?? ''
    if (!Number.isInteger(id) || !Number.isInteger(nOptions) || nOptions < 1 || nOptions > 10 || !/^[A-J]$/.test(answer)) {
      throw new Error(`${path}: data row ${r + 1} is malformed (question_id ${row.question_id}, answer ${JSON.stringify(answer)}, n_options ${row.n_options})`)
    }
    return { id, answer, nOptions }
  })
}

function encode(pred: string, answer: string, where: () => string): string {
  if (pred.length === 1 && pred >= 'A' && pred <= 'J') return pred === answer ? OUTCOME.correct : OUTCOME.wrong
  if (pred === 'NA') return OUTCOME.missing
  if (pred === '') return OUTCOME.unparsable
  throw new Error(`${where()}: unexpected prediction ${JSON.stringify(pred)} (expected a letter A-J, "" or NA)`)
}

/**
 * Reads `items.csv` and the predictions CSV of `variant` from the
 * `mmlu-pro-outputs/` folder `dir`, and encodes each panel model's
 * predictions as outcome codes.
 *
 * @example
 * const m = await loadPredictionMatrix('/data/mmlu-pro-outputs', 'released', { minItems: 12_000, items: 'common' })
 * Object.keys(m.outcomes).length // 28
 */
export async function loadPredictionMatrix(dir: string, variant: ExtractionVariant, panel: PanelOptions): Promise<PredictionMatrix> {
  const items = await readItems(dir)
  const byId = new Map(items.map((item, index) => [item.id, index]))
  const { path, text } = await readText(dir, PREDICTION_FILES[variant])
  // Raw rows, not records: 12,000 rows x 30 columns is the hot path of a cold run.
  const [header, ...rows] = parseCsv(text, path).filter((r) => !(r.length === 1 && r[0] === ''))
  if (!header || header[0] !== 'question_id') throw new Error(`${path}: the first column must be question_id, got ${JSON.stringify(header?.[0])}`)
  const models = header.slice(1)
  if (rows.length !== items.length) throw new Error(`${path}: ${rows.length} rows, items.csv has ${items.length}`)

  const codes = models.map(() => new Array<string>(items.length))
  for (const [r, row] of rows.entries()) {
    if (row.length !== header.length) throw new Error(`${path}: data row ${r + 1} has ${row.length} fields, the header has ${header.length}`)
    const index = byId.get(Number(row[0]))
    if (index === undefined) throw new Error(`${path}: data row ${r + 1} has question_id ${row[0]}, which items.csv does not list`)
    const item = items[index]!
    for (let m = 0; m < models.length; m++) {
      codes[m]![index] = encode(row[m + 1]!, item.answer, () => `${path}: question ${item.id}, model ${models[m]}`)
    }
  }

  const answered = codes.map((c) => c.reduce((n, code) => n + (code === OUTCOME.missing ? 0 : 1), 0))
  const panelIdx = models.map((_, m) => m).filter((m) => answered[m]! >= panel.minItems)
  if (panelIdx.length === 0) throw new Error(`${path}: no model answered at least ${panel.minItems} items (panel.minItems); the most any model answered is ${Math.max(...answered)}`)
  const keep = items.map((_, i) => panel.items === 'own' || panelIdx.every((m) => codes[m]![i] !== OUTCOME.missing))

  const pick = <T>(xs: readonly T[]): T[] => xs.filter((_, i) => keep[i])
  const outcomes: Record<string, string> = {}
  for (const m of panelIdx) outcomes[models[m]!] = pick(codes[m]!).join('')
  return { variant, questionIds: pick(items.map((i) => i.id)), nOptions: pick(items.map((i) => i.nOptions)), outcomes }
}
