import { join } from 'node:path'
import { definePipeline, defineStage } from 'vitest-butterfly'
import { z } from 'zod'
import { DEFAULT_DATA_DIR, resolveDataDir } from './data-dir.ts'
import { BENCHMARKS, listTasks, loadTask } from './mizrahi-data.ts'
import { coBest } from './ranking.ts'
import { taskStability } from './task-stability.ts'

/** Params of the multi-prompt (instruction paraphrase) pipeline; every field has a default. */
export const params = z.object({
  data: z.object({
    /** Folder holding `multi-prompt-mizrahi/`; relative paths are relative to the repository root. */
    dir: z.string().min(1).default(DEFAULT_DATA_DIR),
  }).prefault({}),
  tasks: z.object({
    /** Benchmarks to read. */
    benchmarks: z.array(z.enum(BENCHMARKS)).min(1).default(['BBH', 'LMentry']),
    /** Only these task names (e.g. `['snarks']`); `null` reads every task of the benchmarks. */
    names: z.array(z.string().min(1)).min(1).nullable().default(null),
  }).prefault({}),
  paraphrases: z.object({
    /** `all` paraphrases, or only those manually checked to preserve the task (`correct`). */
    subset: z.enum(['all', 'correct']).default('all'),
  }).prefault({}),
})

/** Resolved params of {@link pipeline}. */
export type ParaphraseParams = z.output<typeof params>

// The stages' logic lives in helper modules, which the default version (a hash
// of `run`'s source) does not see; bump this when that logic changes.
const VERSION = 'leaderboard-paraphrase/1'

const taskSchema = z.object({
  bench: z.enum(BENCHMARKS),
  task: z.string(),
  models: z.array(z.string()).min(2),
  paraphrases: z.array(z.object({ idx: z.number().int(), method: z.string(), correct: z.boolean(), accs: z.array(z.number().min(0).max(1)) })),
}).refine((t) => t.paraphrases.every((p) => p.accs.length === t.models.length), { message: 'every paraphrase needs one accuracy per model' })

/** `<bench>/<task>`, the key of a task in the stages' records. */
export const taskKey = (t: { bench: string; task: string }): string => `${t.bench}/${t.task}`

/** Per task, the accuracy of each model under each selected instruction paraphrase. */
export const accuracies = defineStage({
  name: 'accuracies',
  version: VERSION,
  params: (p: ParaphraseParams) => ({ dir: p.data.dir, tasks: p.tasks, subset: p.paraphrases.subset }),
  output: z.array(taskSchema),
  run: async ({ params: { dir, tasks, subset }, ctx }) => {
    const root = join(resolveDataDir(dir), 'multi-prompt-mizrahi')
    const wanted: { bench: (typeof BENCHMARKS)[number]; task: string }[] = []
    for (const bench of tasks.benchmarks) {
      for (const task of await listTasks(root, bench)) if (!tasks.names || tasks.names.includes(task)) wanted.push({ bench, task })
    }
    const unknown = (tasks.names ?? []).filter((n) => !wanted.some((w) => w.task === n))
    if (unknown.length) throw new Error(`tasks.names lists ${unknown.map((n) => `"${n}"`).join(', ')}, not a task of ${tasks.benchmarks.join(' or ')} in ${root}`)
    const out = await ctx.map(wanted, async ({ bench, task }) => {
      const t = await loadTask(root, bench, task)
      return subset === 'all' ? t : { ...t, paraphrases: t.paraphrases.filter((p) => p.correct) }
    })
    ctx.log(`${out.length} tasks, ${out.reduce((n, t) => n + t.paraphrases.length, 0)} paraphrases (${subset})`)
    return out
  },
})

/** Per task, per paraphrase (keyed by its idx): the co-best model ids, sorted. */
export const best = defineStage({
  name: 'best',
  version: VERSION,
  needs: { accuracies },
  output: z.record(z.string(), z.record(z.string(), z.array(z.string()).min(1))),
  run: ({ inputs }) => Object.fromEntries(inputs.accuracies.map((t) => [
    taskKey(t),
    Object.fromEntries(t.paraphrases.map((p) => [String(p.idx), coBest(Object.fromEntries(t.models.map((m, i) => [m, p.accs[i]!])))])),
  ])),
})

const nullableNumber = z.number().nullable()

/** Per task: Kendall's W across paraphrases, distinct and modal winners, the default prompt's winner, accuracy and rank spreads. */
export const stability = defineStage({
  name: 'stability',
  version: VERSION,
  needs: { accuracies, best },
  output: z.record(z.string(), z.object({
    bench: z.string(), task: z.string(), paraphrases: z.number().int(), models: z.number().int(),
    kendallW: nullableNumber, winners: z.array(z.string()), distinctWinners: z.number().int().min(1),
    modalWinners: z.array(z.string()).min(1), modalShare: z.number().min(0).max(1),
    defaultWinners: z.array(z.string()).nullable(), defaultIsModal: z.boolean().nullable(), meanTauVsDefault: nullableNumber,
    maxModelSpread: z.number(), medianModelSpread: z.number(), maxRankRange: z.number().int(), stable: z.boolean(),
  })),
  run: ({ inputs }) => Object.fromEntries(inputs.accuracies.map((t) => {
    const byIdx = inputs.best[taskKey(t)]!
    return [taskKey(t), taskStability(t, t.paraphrases.map((p) => byIdx[String(p.idx)]!))]
  })),
})

/** The headline figures over all tasks: how many have an unstable best model, and the spread of Kendall's W. */
export const summary = defineStage({
  name: 'summary',
  version: VERSION,
  needs: { stability },
  output: z.object({
    tasks: z.number().int(),
    unstableTasks: z.number().int(),
    maxDistinctWinners: z.number().int(),
    defaultNotModal: z.number().int(),
    kendallW: z.object({ min: nullableNumber, median: nullableNumber, max: nullableNumber }),
    medianKendallW: z.record(z.string(), nullableNumber),
  }),
  run: ({ inputs }) => {
    const tasks = Object.values(inputs.stability)
    const ws = (bench?: string) => tasks.filter((t) => !bench || t.bench === bench).map((t) => t.kendallW).filter((w): w is number => w !== null).sort((a, b) => a - b)
    const med = (xs: number[]) => (xs.length === 0 ? null : xs.length % 2 ? xs[xs.length >> 1]! : (xs[xs.length / 2 - 1]! + xs[xs.length / 2]!) / 2)
    const all = ws()
    const benches = [...new Set(tasks.map((t) => t.bench))].sort()
    return {
      tasks: tasks.length,
      unstableTasks: tasks.filter((t) => !t.stable).length,
      maxDistinctWinners: Math.max(0, ...tasks.map((t) => t.distinctWinners)),
      defaultNotModal: tasks.filter((t) => t.defaultIsModal === false).length,
      kendallW: { min: all[0] ?? null, median: med(all), max: all.at(-1) ?? null },
      medianKendallW: Object.fromEntries(benches.map((b) => [b, med(ws(b))])),
    }
  },
})

/**
 * Multi-prompt evaluation (Mizrahi et al., TACL 2024) on the released
 * per-paraphrase accuracies of 11-16 open models on 25 tasks:
 * accuracies → best (per paraphrase) → stability (per task) → summary.
 *
 * @example
 * const r = await run(pipeline)
 * r.output('summary').unstableTasks // 24 of 25
 */
export const pipeline = definePipeline({
  name: 'multi-prompt-paraphrases',
  description: 'Multi-prompt (Mizrahi et al.): is the best model stable across instruction paraphrases? Kendall\'s W per task',
  params,
  stages: [accuracies, best, stability, summary],
})
