import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'
import { kendallTau } from './kendall-tau.ts'
import { numeric } from './numeric.ts'
import { rankMoves } from './ranking.ts'
import { top1 } from './top1.ts'

// Real per-item predictions of 29 LLMs on MMLU-Pro; see ../shared/data/mmlu-pro-outputs/README.md.
const repoRoot = fileURLToPath(new URL('../../', import.meta.url))
const dataDir = resolve(repoRoot, process.env.BUTTERFLY_DATA_DIR ?? '../shared/data', 'mmlu-pro-outputs')

interface Table {
  header: string[]
  rows: Map<string, string[]>
}

/** The files are plain comma-separated (no quoting anywhere), which the reader checks. */
function readTable(file: string): Table {
  const lines = readFileSync(resolve(dataDir, file), 'utf8').split(/\r?\n/).filter((l) => l.length > 0)
  if (lines.some((l) => l.includes('"'))) throw new Error(`${file}: quoted CSV fields are not expected`)
  const [head, ...body] = lines.map((l) => l.split(','))
  return { header: head!, rows: new Map(body.map((cells) => [cells[0]!, cells.slice(1)])) }
}

type Accuracy = Record<string, number>

/**
 * The README's scoring convention: correct = pred == answer; an unparsable answer ("")
 * scores the expected value of the authors' random guess, 1 / n_options; NA = no output.
 */
function accuracy(preds: Table, gold: Map<string, { answer: string; nOptions: number }>, models: string[], items: string[]): Accuracy {
  const out: Accuracy = {}
  for (const model of models) {
    const col = preds.header.indexOf(model) - 1
    let score = 0
    for (const id of items) {
      const pred = preds.rows.get(id)![col]!
      const g = gold.get(id)!
      if (pred === 'NA') throw new Error(`${model} has no output for item ${id}`)
      score += pred === '' ? 1 / g.nOptions : pred === g.answer ? 1 : 0
    }
    out[model] = score / items.length
  }
  return out
}

describe('metrics on the real MMLU-Pro predictions (README reference numbers)', () => {
  let gold: Map<string, { answer: string; nOptions: number }>
  let released: Table
  let models: string[]
  let common: string[]
  let base: Accuracy

  beforeAll(() => {
    const items = readTable('items.csv')
    const answerCol = items.header.indexOf('answer') - 1
    const nCol = items.header.indexOf('n_options') - 1
    gold = new Map([...items.rows].map(([id, cells]) => [id, { answer: cells[answerCol]!, nOptions: Number(cells[nCol]) }]))
    released = readTable('preds_released.csv')
    const allModels = released.header.slice(1)
    const itemsOf = (model: string): string[] => {
      const col = released.header.indexOf(model) - 1
      return [...released.rows].filter(([, cells]) => cells[col] !== 'NA').map(([id]) => id)
    }
    // "28 models with ≥ 12,000 items, 12,002 common items": DeepSeek-Coder-V2 (10,351) is left out.
    models = allModels.filter((m) => itemsOf(m).length >= 12_000)
    common = [...released.rows].filter(([, cells]) => models.every((m) => cells[released.header.indexOf(m) - 1] !== 'NA')).map(([id]) => id)
    base = accuracy(released, gold, models, common)
  })

  it('selects the README population and reproduces its per-model accuracies', () => {
    expect(released.header).toHaveLength(30)
    expect(models).toHaveLength(28)
    expect(common).toHaveLength(12_002)
    // Accuracies in the README are over each model's own items, in points, rounded to 0.01.
    const own = (model: string): number => {
      const col = released.header.indexOf(model) - 1
      const items = [...released.rows].filter(([, cells]) => cells[col] !== 'NA').map(([id]) => id)
      return 100 * accuracy(released, gold, [model], items)[model]!
    }
    expect(own('Meta-Llama-3-70B')).toBeCloseTo(52.73, 2)
    expect(own('Qwen1.5-72B-Chat')).toBeCloseTo(49.1, 2)
    expect(own('gemini-1.5-pro-002')).toBeCloseTo(70.11, 2)
    expect(own('DeepSeek-Coder-V2')).toBeCloseTo(63.64, 2)
    expect(own('Llama-2-7b-hf')).toBeCloseTo(20.13, 2)
  })

  it('"last answer is" extraction: Kendall τ 0.841, max rank shift 19 (Llama-3-70B 4th → 23rd), top-1 unchanged', () => {
    const variant = accuracy(readTable('preds_last_answer_is.csv'), gold, models, common)
    const distance = kendallTau().compute(base, variant)
    expect(1 - distance).toBeCloseTo(0.841, 3)
    const moves = rankMoves(base, variant)
    expect(moves[0]).toEqual({ id: 'Meta-Llama-3-70B', from: 4, to: 23, shift: 19 })
    expect(Math.max(...moves.map((m) => Math.abs(m.shift)))).toBe(19)
    expect(top1().compute(base, variant)).toBe(0)
    expect(top1().details!(base, variant).note).toBe('winner gemini-1.5-pro-002 -> gemini-1.5-pro-002')
    const maxDelta = Math.max(...models.map((m) => numeric().compute(base[m]!, variant[m]!)))
    expect(100 * maxDelta).toBeCloseTo(24.5, 1)
  })

  it.each([
    { file: 'preds_strict_l1.csv', tau: 0.995, shift: 1, delta: 0.89 },
    { file: 'preds_cascade_l2.csv', tau: 0.974, shift: 2, delta: 1.86 },
  ])('$file with random fallback: τ $tau, max rank shift $shift, top-1 unchanged', ({ file, tau, shift, delta }) => {
    const variant = accuracy(readTable(file), gold, models, common)
    expect(1 - kendallTau().compute(base, variant)).toBeCloseTo(tau, 3)
    expect(Math.abs(rankMoves(base, variant)[0]!.shift)).toBe(shift)
    expect(top1().compute(base, variant)).toBe(0)
    expect(100 * Math.max(...models.map((m) => numeric().compute(base[m]!, variant[m]!)))).toBeCloseTo(delta, 2)
  })
})
