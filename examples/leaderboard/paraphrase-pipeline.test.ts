import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { run } from 'vitest-butterfly'
import type { DeepPartial } from 'vitest-butterfly'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readCsvTable } from './csv.ts'
import { DEFAULT_DATA_DIR, resolveDataDir } from './data-dir.ts'
import type { ParaphraseParams } from './paraphrase-pipeline.ts'
import { pipeline } from './paraphrase-pipeline.ts'

let cacheDir: string
let derived: Record<string, string>[]
beforeAll(async () => {
  cacheDir = await mkdtemp(join(tmpdir(), 'butterfly-paraphrase-'))
  const path = join(resolveDataDir(DEFAULT_DATA_DIR), 'multi-prompt-mizrahi', 'derived_ranking_stability.csv')
  derived = readCsvTable(await readFile(path, 'utf8'), path).rows
})
afterAll(async () => {
  await rm(cacheDir, { recursive: true, force: true })
})

const runWith = (overrides: DeepPartial<ParaphraseParams> = {}) => run(pipeline, overrides, { cacheDir })
const round = (x: number | null, digits = 3) => (x === null ? null : Number(x.toFixed(digits)))
const derivedRow = (key: string, subset: string) => {
  const [bench, task] = key.split('/')
  const row = derived.find((r) => r.bench === bench && r.task === task && r.subset === subset)
  if (!row) throw new Error(`derived_ranking_stability.csv has no row ${key} ${subset}`)
  return row
}

describe('multi-prompt paraphrase pipeline: stage outputs', () => {
  it('reads 25 tasks (15 BBH with 11 models, 10 LMentry with 16) and one co-best set per paraphrase', async () => {
    const r = await runWith()
    expect(r.status).toBe('passed')
    const tasks = r.output('accuracies')
    expect(tasks).toHaveLength(25)
    expect(tasks.filter((t) => t.bench === 'BBH').every((t) => t.models.length === 11)).toBe(true)
    expect(tasks.filter((t) => t.bench === 'LMentry').every((t) => t.models.length === 16)).toBe(true)
    const best = r.output('best')
    for (const t of tasks) {
      expect(t.paraphrases.length).toBeGreaterThanOrEqual(136)
      expect(t.paraphrases.some((p) => p.method === 'default')).toBe(true)
      const byIdx = best[`${t.bench}/${t.task}`]!
      expect(Object.keys(byIdx)).toHaveLength(t.paraphrases.length)
      for (const p of t.paraphrases) {
        const winners = byIdx[String(p.idx)]!
        const top = Math.max(...p.accs)
        expect(winners).toEqual(t.models.filter((_, i) => p.accs[i] === top).sort())
      }
    }
  })

  it('restricts to the selected tasks and to manually checked paraphrases', async () => {
    const r = await runWith({ tasks: { benchmarks: ['BBH'], names: ['snarks'] }, paraphrases: { subset: 'correct' } })
    const [snarks, ...rest] = r.output('accuracies')
    expect(rest).toHaveLength(0)
    expect(snarks!.task).toBe('snarks')
    expect(snarks!.paraphrases).toHaveLength(152)
    expect(snarks!.paraphrases.every((p) => p.correct)).toBe(true)
    expect(Object.keys(r.output('stability'))).toEqual(['BBH/snarks'])
  })

  it('fails clearly on an unknown task name', async () => {
    const r = await runWith({ tasks: { names: ['no_such_task'] } })
    expect(r.status).toBe('failed')
    expect(r.error?.message).toMatch(/tasks\.names lists "no_such_task", not a task of BBH or LMentry/)
  })
})

describe('multi-prompt paraphrase pipeline: the data README figures', () => {
  it('the best model is unstable across paraphrases in 24 of 25 tasks (up to 16 winners among 16 models)', async () => {
    const r = await runWith()
    const summary = r.output('summary')
    expect(summary.tasks).toBe(25)
    expect(summary.unstableTasks).toBe(24)
    expect(summary.maxDistinctWinners).toBe(16)
    const stable = Object.values(r.output('stability')).filter((t) => t.stable).map((t) => t.task)
    expect(stable).toEqual(['logical_deduction_seven_objects'])
  })

  it('Kendall\'s W: min 0.394 (first_alphabetically), median 0.686, max 0.859; 24/25 below 0.85, 13/25 below 0.70; LMentry ≈ 0.50, BBH ≈ 0.77', async () => {
    const r = await runWith()
    const s = r.output('summary')
    expect(round(s.kendallW.min)).toBe(0.394)
    expect(round(s.kendallW.median)).toBe(0.686)
    expect(round(s.kendallW.max)).toBe(0.859)
    const tasks = Object.values(r.output('stability'))
    expect(tasks.find((t) => t.kendallW === s.kendallW.min)!.task).toBe('first_alphabetically')
    expect(tasks.find((t) => t.kendallW === s.kendallW.max)!.task).toBe('salient_translation_error_detection')
    expect(tasks.filter((t) => t.kendallW! < 0.85)).toHaveLength(24)
    expect(tasks.filter((t) => t.kendallW! < 0.7)).toHaveLength(13)
    expect(round(s.medianKendallW.LMentry!)).toBe(0.496)
    expect(round(s.medianKendallW.BBH!)).toBe(0.773)
  })

  it('in 7 of 25 tasks the winner under the original prompt is not the modal winner', async () => {
    expect((await runWith()).output('summary').defaultNotModal).toBe(7)
  })

  it('accuracy spreads: one model moves by up to 100 points; the median over tasks of the largest spread is 71 points', async () => {
    const tasks = Object.values((await runWith()).output('stability'))
    const spreads = tasks.map((t) => t.maxModelSpread).sort((a, b) => a - b)
    expect(round(spreads.at(-1)!, 2)).toBe(1)
    expect(round(spreads[12]!, 2)).toBe(0.71)
    expect(Math.max(...tasks.map((t) => t.maxRankRange))).toBe(15)
  })

  for (const subset of ['all', 'correct'] as const) {
    it(`matches derived_ranking_stability.csv task by task (${subset} paraphrases)`, async () => {
      const stability = (await runWith({ paraphrases: { subset } })).output('stability')
      expect(Object.keys(stability)).toHaveLength(25)
      for (const [key, t] of Object.entries(stability)) {
        const d = derivedRow(key, subset === 'all' ? 'all' : 'correct_only')
        const got = {
          paraphrases: t.paraphrases, models: t.models, kendallW: round(t.kendallW), distinctWinners: t.distinctWinners,
          modalIsListed: t.modalWinners.includes(d.modal_top1!), modalShare: round(t.modalShare),
          maxModelSpread: round(t.maxModelSpread), medianModelSpread: round(t.medianModelSpread),
        }
        const want = {
          paraphrases: Number(d.n_paraphrases), models: Number(d.n_models), kendallW: Number(d.kendall_W), distinctWinners: Number(d.distinct_top1),
          modalIsListed: true, modalShare: Number(d.top1_agreement),
          maxModelSpread: Number(d.max_model_spread), medianModelSpread: Number(d.median_model_spread),
        }
        expect(got, key).toEqual(want)
        if (subset === 'all') {
          expect(t.defaultWinners!.join('|'), key).toBe(d.default_top1)
          expect(String(t.defaultIsModal) === 'true', key).toBe(d.default_top1_is_modal === 'True')
          expect(round(t.meanTauVsDefault), key).toBe(Number(d.mean_tau_default_vs_others))
        }
      }
    })
  }
})
