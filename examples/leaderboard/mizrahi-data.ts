import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { readCsvTable } from './csv.ts'

/** The benchmarks of `multi-prompt-mizrahi/`. */
export const BENCHMARKS = ['BBH', 'LMentry'] as const

/** A benchmark of the Mizrahi et al. data: BIG-bench Hard or LMentry. */
export type Benchmark = (typeof BENCHMARKS)[number]

/** One instruction paraphrase of a task with every model's accuracy under it. */
export interface Paraphrase {
  /** `paraphrase idx` in the data files. */
  idx: number
  /** `default` for an original benchmark prompt, else `rephrase`, `cot` or `gradual`. */
  method: string
  /** Manual check that the paraphrase preserves the task. */
  correct: boolean
  /** Accuracy (0..1, on the task's 100 instances) per model, in the order of {@link TaskAccuracies.models}. */
  accs: number[]
}

/** Per-paraphrase accuracies of one task. */
export interface TaskAccuracies {
  bench: Benchmark
  task: string
  models: string[]
  paraphrases: Paraphrase[]
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8')
  } catch (cause) {
    throw new Error(`cannot read ${path} (set BUTTERFLY_DATA_DIR or the data.dir param to the folder holding multi-prompt-mizrahi/): ${(cause as Error).message}`, { cause })
  }
}

/** Task names of `bench`, sorted, from the file names under `paraphrase_accuracies/<bench>/`. */
export async function listTasks(dir: string, bench: Benchmark): Promise<string[]> {
  const folder = join(dir, 'paraphrase_accuracies', bench)
  let files: string[]
  try {
    files = await readdir(folder)
  } catch (cause) {
    throw new Error(`cannot list ${folder} (set BUTTERFLY_DATA_DIR or the data.dir param to the folder holding multi-prompt-mizrahi/): ${(cause as Error).message}`, { cause })
  }
  return files.filter((f) => f.endsWith('.csv')).map((f) => f.slice(0, -4)).sort()
}

interface AggregatedParaphrase {
  method?: unknown
  correct?: unknown
}

/**
 * Reads one task: the accuracies from `paraphrase_accuracies/<bench>/<task>.csv`
 * (`paraphrase idx`, then `<model>_acc`) and each paraphrase's method and
 * `correct` flag from `paraphrases_aggregated/<bench>/<task>.json` (the CSV
 * copy of the flag has a stray `0?` in one task; the JSON is clean).
 *
 * @example
 * const t = await loadTask('/data/multi-prompt-mizrahi', 'BBH', 'snarks')
 * t.paraphrases.length // 162
 */
export async function loadTask(dir: string, bench: Benchmark, task: string): Promise<TaskAccuracies> {
  const csvPath = join(dir, 'paraphrase_accuracies', bench, `${task}.csv`)
  const { header, rows } = readCsvTable(await readText(csvPath), csvPath)
  if (header[0] !== 'paraphrase idx' || header.length < 3 || !header.slice(1).every((h) => h.endsWith('_acc'))) {
    throw new Error(`${csvPath}: expected the columns "paraphrase idx", then <model>_acc for at least two models`)
  }
  const jsonPath = join(dir, 'paraphrases_aggregated', bench, `${task}.json`)
  let meta: Record<string, AggregatedParaphrase>
  try {
    meta = (JSON.parse(await readText(jsonPath)) as { paraphrases: Record<string, AggregatedParaphrase> }).paraphrases
    if (typeof meta !== 'object' || meta === null) throw new Error('no "paraphrases" object')
  } catch (cause) {
    throw new Error(`${jsonPath}: ${(cause as Error).message}`, { cause })
  }
  const columns = header.slice(1)
  const paraphrases = rows.map((row, r): Paraphrase => {
    const idx = Number(row['paraphrase idx'])
    const m = meta[String(idx)]
    if (!Number.isInteger(idx) || !m || typeof m.method !== 'string' || typeof m.correct !== 'boolean') {
      throw new Error(`${csvPath}: data row ${r + 1} (paraphrase ${row['paraphrase idx']}) has no method/correct entry in ${jsonPath}`)
    }
    const accs = columns.map((c) => Number(row[c]))
    const bad = accs.findIndex((a) => !(a >= 0 && a <= 1))
    if (bad >= 0) throw new Error(`${csvPath}: paraphrase ${idx}, column ${columns[bad]}: accuracy ${JSON.stringify(row[columns[bad]!])} is not a number in 0..1`)
    return { idx, method: m.method, correct: m.correct, accs }
  })
  return { bench, task, models: columns.map((c) => c.slice(0, -'_acc'.length)), paraphrases }
}
