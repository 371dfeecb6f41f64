import { kendallTauB, kendallW } from 'vitest-butterfly'
import type { TaskAccuracies } from './mizrahi-data.ts'

/** How stable one task's model ranking is across its instruction paraphrases. */
export interface TaskStability {
  bench: string
  task: string
  paraphrases: number
  models: number
  /** Kendall's W (tie-corrected) of the models' rankings across paraphrases; `null` when undefined (every ranking all-tied). */
  kendallW: number | null
  /** Models that are (co-)best under at least one paraphrase, sorted. */
  winners: string[]
  /** `winners.length`; 1 means the best model is stable across paraphrases. */
  distinctWinners: number
  /** The model(s) (co-)best under the most paraphrases, sorted. */
  modalWinners: string[]
  /** Share of paraphrases the modal winner is (co-)best under. */
  modalShare: number
  /** Co-best models under the first original ("default") prompt; `null` when the selection has none. */
  defaultWinners: string[] | null
  /** Whether a default winner is a modal winner; `null` without a default prompt. */
  defaultIsModal: boolean | null
  /** Mean Kendall τ_b between the default prompt's ranking and each other paraphrase's (all-tied rankings skipped). */
  meanTauVsDefault: number | null
  /** Largest difference of one model's accuracy between two paraphrases (0..1). */
  maxModelSpread: number
  /** Median over models of that difference. */
  medianModelSpread: number
  /** Largest range of one model's competition rank (1 = best) across paraphrases. */
  maxRankRange: number
  /** True when one model is the (co-)best under every paraphrase. */
  stable: boolean
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  const mid = s.length >> 1
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2
}

/** Competition ranks ("1224"), 1 = highest score. */
function competitionRanks(scores: readonly number[]): number[] {
  return scores.map((s) => 1 + scores.filter((t) => t > s).length)
}

function tryOrNull(fn: () => number): number | null {
  try {
    return fn()
  } catch {
    return null
  }
}

/**
 * Summarises one task's stability across its paraphrases, given each
 * paraphrase's co-best models (aligned with `task.paraphrases`).
 *
 * @example
 * const s = taskStability(task, task.paraphrases.map((p) => coBestOf(p)))
 * s.distinctWinners // 3 for BBH snarks
 */
export function taskStability(task: TaskAccuracies, best: readonly (readonly string[])[]): TaskStability {
  const { models, paraphrases } = task
  if (paraphrases.length === 0) throw new Error(`task ${task.bench}/${task.task} has no paraphrases in the selection`)
  const wins = new Map<string, number>()
  for (const ids of best) for (const id of ids) wins.set(id, (wins.get(id) ?? 0) + 1)
  const top = Math.max(...wins.values())
  const modalWinners = [...wins].filter(([, n]) => n === top).map(([id]) => id).sort()

  const rows = paraphrases.map((p) => p.accs)
  const defaultAt = paraphrases.reduce((at, p, i) => (p.method === 'default' && (at < 0 || p.idx < paraphrases[at]!.idx) ? i : at), -1)
  const defaultWinners = defaultAt >= 0 ? [...best[defaultAt]!].sort() : null
  const taus = defaultAt < 0 ? [] : rows
    .filter((_, i) => i !== defaultAt)
    .map((row) => tryOrNull(() => kendallTauB(rows[defaultAt]!, row)))
    .filter((t): t is number => t !== null)

  const spreads = models.map((_, m) => {
    const col = rows.map((r) => r[m]!)
    return Math.max(...col) - Math.min(...col)
  })
  const ranks = rows.map(competitionRanks)
  const rankRanges = models.map((_, m) => {
    const col = ranks.map((r) => r[m]!)
    return Math.max(...col) - Math.min(...col)
  })

  return {
    bench: task.bench,
    task: task.task,
    paraphrases: paraphrases.length,
    models: models.length,
    kendallW: rows.length >= 2 ? tryOrNull(() => kendallW(rows)) : null,
    winners: [...wins.keys()].sort(),
    distinctWinners: wins.size,
    modalWinners,
    modalShare: top / paraphrases.length,
    defaultWinners,
    defaultIsModal: defaultWinners ? defaultWinners.some((id) => modalWinners.includes(id)) : null,
    meanTauVsDefault: taus.length ? taus.reduce((s, t) => s + t, 0) / taus.length : null,
    maxModelSpread: Math.max(...spreads),
    medianModelSpread: median(spreads),
    maxRankRange: Math.max(...rankRanges),
    stable: wins.size === 1,
  }
}
