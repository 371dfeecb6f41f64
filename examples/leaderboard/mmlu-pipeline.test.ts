import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { kendallTauB, metrics, perturb, run, settleMeasurements, sweep } from 'vitest-butterfly'
import type { DeepPartial } from 'vitest-butterfly'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { MmluParams } from './mmlu-pipeline.ts'
import { pipeline } from './mmlu-pipeline.ts'

let cacheDir: string
beforeAll(async () => {
  cacheDir = await mkdtemp(join(tmpdir(), 'butterfly-leaderboard-'))
})
afterAll(async () => {
  // drift() stores its measurements in the background: removing the directory first would race them.
  await settleMeasurements()
  await rm(cacheDir, { recursive: true, force: true })
})

const runWith = (overrides: DeepPartial<MmluParams>, sample = 0) => run(pipeline, overrides, { cacheDir, sample })

/** Kendall τ_b between two accuracy records over the same models. */
function tau(a: Record<string, number>, b: Record<string, number>): number {
  const ids = Object.keys(a)
  return kendallTauB(ids.map((id) => a[id]!), ids.map((id) => b[id]!))
}

/** Largest move of any model between two best-first rankings, in places. */
function maxShift(a: string[], b: string[]): { id: string; from: number; to: number; shift: number } {
  return a
    .map((id, i) => ({ id, from: i + 1, to: b.indexOf(id) + 1, shift: Math.abs(b.indexOf(id) - i) }))
    .reduce((best, m) => (m.shift > best.shift ? m : best))
}

function maxDeltaPts(a: Record<string, number>, b: Record<string, number>): number {
  return Math.max(...Object.keys(a).map((id) => 100 * Math.abs(a[id]! - b[id]!)))
}

/** Wilson score interval of a binomial proportion (95 %). */
function wilson(successes: number, n: number, z = 1.959964): [number, number] {
  const p = successes / n
  const centre = (p + (z * z) / (2 * n)) / (1 + (z * z) / n)
  const half = (z / (1 + (z * z) / n)) * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))
  return [centre - half, centre + half]
}

describe('mmlu-pro leaderboard pipeline: stage outputs', () => {
  it('encodes the reference panel: 28 models with >= 12,000 items on their 12,002 common items', async () => {
    const r = await runWith({})
    expect(r.status).toBe('passed')
    const m = r.output('predictions')
    const models = Object.keys(m.outcomes)
    expect(models).toHaveLength(28)
    expect(models).not.toContain('DeepSeek-Coder-V2')
    expect(m.questionIds).toHaveLength(12_002)
    expect(m.nOptions).toHaveLength(12_002)
    for (const codes of Object.values(m.outcomes)) {
      expect(codes).toHaveLength(12_002)
      expect(codes).toMatch(/^[10?]+$/) // common items: no model is missing any
    }
    expect(r.output('subsample')).toBeNull()
    const acc = r.output('accuracy')
    expect(Object.keys(acc).sort()).toEqual([...models].sort())
    const ranking = r.output('ranking')
    expect([...ranking].sort()).toEqual([...models].sort())
    for (let i = 1; i < ranking.length; i++) expect(acc[ranking[i - 1]!]!).toBeGreaterThanOrEqual(acc[ranking[i]!]!)
    expect(r.output('winner')).toEqual([ranking[0]])
  })

  it('keeps all 29 models and every item with panel { minItems: 0, items: "own" }', async () => {
    const r = await runWith({ panel: { minItems: 0, items: 'own' } })
    const m = r.output('predictions')
    expect(Object.keys(m.outcomes)).toHaveLength(29)
    expect(m.questionIds).toHaveLength(12_032)
    const missing = (id: string) => [...m.outcomes[id]!].filter((c) => c === '-').length
    expect(12_032 - missing('DeepSeek-Coder-V2')).toBe(10_351)
    expect(12_032 - missing('gemini-1.5-flash-002')).toBe(12_012)
    expect(12_032 - missing('gemini-1.5-pro-002')).toBe(12_020)
  })

  it('reproduces the README per-model accuracies (released pred, random-guess fallback at its expected value)', async () => {
    const acc = (await runWith({ panel: { minItems: 0, items: 'own' } })).output('accuracy')
    const readme: Record<string, number> = {
      'gemini-1.5-pro-002': 70.11, 'gemini-1.5-flash-002': 63.98, 'DeepSeek-Coder-V2': 63.64, 'Meta-Llama-3_1-70B-Instruct': 62.8,
      'Meta-Llama-3-70B': 52.73, 'Meta-Llama-3_1-70B': 52.46, 'Qwen1.5-110B': 49.84, 'jamba-1.5-large': 49.38, 'Qwen1.5-72B-Chat': 49.1,
      'Meta-Llama-3_1-8B-Instruct': 44.17, 'Mixtral-8x7B-Instruct-v0.1': 43.14, 'Phi-3-mini-4k-instruct': 43.09, 'Yi-34B': 42.98,
      'mathstral-7B': 41.97, 'Mixtral-8x7B-v0.1': 40.94, 'c4ai-command-r-v01': 37.91, 'Llama-2-70b-hf': 37.57, 'Meta-Llama-3_1-8B': 36.49,
      'Meta-Llama-3-8B': 35.32, 'gemma-7b': 33.76, 'Mistral-7B-v0.1': 30.86, 'Mistral-7B-Instruct-v0.2': 30.77, 'Mistral-7B-v0.2-hf': 30.34,
      'Qwen1.5-7B-Chat': 29.02, 'Yi-6b-Chat': 28.83, 'Yi-6B': 26.37, 'Mistral-7B-Instruct-v0.1': 25.8, 'Llama-2-13b-hf': 25.3, 'Llama-2-7b-hf': 20.13,
    }
    expect(Object.keys(readme)).toHaveLength(29)
    for (const [model, pts] of Object.entries(readme)) expect(100 * acc[model]!, model).toBeCloseTo(pts, 2)
  })

  it('reproduces the L2-cascade figures quoted for Llama-3-70B and Qwen1.5-72B-Chat (on the 12,002 common items)', async () => {
    const acc = (await runWith({ extraction: { variant: 'cascade' } })).output('accuracy')
    expect(100 * acc['Meta-Llama-3-70B']!).toBeCloseTo(52.79, 2)
    expect(100 * acc['Qwen1.5-72B-Chat']!).toBeCloseTo(49.97, 2)
  })

  it('fails the predictions stage with a message naming the file and the env var when the data is missing', async () => {
    const r = await runWith({ data: { dir: join(cacheDir, 'no-such-data') } })
    expect(r.status).toBe('failed')
    expect(r.stages.predictions.status).toBe('failed')
    expect(r.error?.message).toMatch(/cannot read .*items\.csv.*BUTTERFLY_DATA_DIR/)
    expect(r.stages.winner).toEqual({ status: 'skipped', because: 'accuracy' })
  })
})

describe('mmlu-pro leaderboard pipeline: the README reference butterfly table (28 models, 12,002 items)', () => {
  // pipeline change → Kendall τ, max rank shift, max |Δacc| (pts), as printed in the data README
  const table: { name: string; overrides: DeepPartial<MmluParams>; tau: number; shift: number; delta: number; deltaDigits: number }[] = [
    { name: 'unparsable = wrong', overrides: { scoring: { unparsable: 'wrong' } }, tau: 0.952, shift: 2, delta: 2.59, deltaDigits: 2 },
    { name: 'strict L1, random fallback', overrides: { extraction: { variant: 'strict' } }, tau: 0.995, shift: 1, delta: 0.89, deltaDigits: 2 },
    { name: 'strict L1, unparsable = wrong', overrides: { extraction: { variant: 'strict' }, scoring: { unparsable: 'wrong' } }, tau: 0.968, shift: 2, delta: 2.59, deltaDigits: 2 },
    { name: 'L2 cascade, random fallback', overrides: { extraction: { variant: 'cascade' } }, tau: 0.974, shift: 2, delta: 1.86, deltaDigits: 2 },
    { name: 'last "answer is"', overrides: { extraction: { variant: 'last-answer-is' } }, tau: 0.841, shift: 19, delta: 24.5, deltaDigits: 1 },
  ]

  for (const row of table) {
    it(`${row.name}: τ ${row.tau}, max rank shift ${row.shift}, max |Δacc| ${row.delta} pts, top-1 unchanged`, async () => {
      const base = await runWith({})
      const variant = await runWith(row.overrides)
      const t = tau(base.output('accuracy'), variant.output('accuracy'))
      expect(Number(t.toFixed(3))).toBe(row.tau)
      expect(maxShift(base.output('ranking'), variant.output('ranking')).shift).toBe(row.shift)
      expect(Number(maxDeltaPts(base.output('accuracy'), variant.output('accuracy')).toFixed(row.deltaDigits))).toBe(row.delta)
      expect(variant.output('winner')).toEqual(['gemini-1.5-pro-002'])
      expect(base.output('winner')).toEqual(['gemini-1.5-pro-002'])
    })
  }

  it('the largest "last answer is" move is Llama-3-70B, 4th -> 23rd', async () => {
    const base = await runWith({})
    const last = await runWith({ extraction: { variant: 'last-answer-is' } })
    expect(maxShift(base.output('ranking'), last.output('ranking'))).toEqual({ id: 'Meta-Llama-3-70B', from: 4, to: 23, shift: 19 })
  })

  it('re-runs only the stages an override reaches: the scoring change reuses the cached predictions', async () => {
    await runWith({})
    const r = await runWith({ scoring: { unparsable: 'wrong' } })
    expect(r.stages.predictions.status).toBe('cached')
    expect(r.stages.subsample.status).toBe('cached')
    const again = await runWith({ scoring: { unparsable: 'wrong' } })
    expect(again.counts).toEqual({ executed: 0, cached: 5, failed: 0, skipped: 0 })
  })
})

describe('mmlu-pro leaderboard pipeline: item subsampling', () => {
  it('draws per sample from ctx.seed: reproducible, different between samples, the same across extraction variants', async () => {
    const a = await runWith({ items: { subsample: 100 } }, 3)
    const b = await runWith({ items: { subsample: 100 } }, 3)
    const c = await runWith({ items: { subsample: 100 } }, 4)
    const d = await runWith({ items: { subsample: 100 }, extraction: { variant: 'last-answer-is' } }, 3)
    const draw = a.output('subsample')!
    expect(draw).toHaveLength(100)
    expect(new Set(draw).size).toBe(100)
    expect(draw.every((i) => Number.isInteger(i) && i >= 0 && i < 12_002)).toBe(true)
    expect(b.output('subsample')).toEqual(draw)
    expect(b.stages.subsample.status).toBe('cached')
    expect(c.output('subsample')).not.toEqual(draw)
    expect(d.output('subsample')).toEqual(draw) // paired: variant sample i scores the same items as base sample i
  })

  it('without subsampling every sample shares one accuracy entry (noise floor 0)', async () => {
    const first = await runWith({}, 7)
    const second = await runWith({}, 8)
    expect(second.stages.accuracy.status).toBe('cached')
    expect(second.output('accuracy')).toEqual(first.output('accuracy'))
  })

  it('rejects a subsample larger than the panel', async () => {
    const r = await runWith({ items: { subsample: 20_000 } })
    expect(r.stages.subsample.status).toBe('failed')
    expect(r.error?.message).toMatch(/items\.subsample is 20000, but the panel has only 12002 items/)
  })

  it('the winner is unstable in about 15 % of 100-item draws (README: top-1 recovered 85 % of 2,000 draws, mean τ 0.83)', async () => {
    const draws = 200
    const full = (await runWith({})).output('accuracy')
    let changed = 0
    const taus: number[] = []
    const winners = new Set<string>()
    for (let sample = 0; sample < draws; sample++) {
      const r = await runWith({ items: { subsample: 100 } }, sample)
      const w = r.output('winner')
      winners.add(w.join(' = '))
      if (w.length !== 1 || w[0] !== 'gemini-1.5-pro-002') changed++
      taus.push(tau(full, r.output('accuracy')))
    }
    const rate = changed / draws
    const [lo, hi] = wilson(changed, draws)
    const meanTau = taus.reduce((s, x) => s + x, 0) / draws
    console.log(`[leaderboard] winner changed in ${changed}/${draws} draws of 100 items = ${(100 * rate).toFixed(1)} % (95 % Wilson CI ${(100 * lo).toFixed(1)}-${(100 * hi).toFixed(1)} %), ${winners.size} distinct winner sets, mean τ vs full ${meanTau.toFixed(3)}`)
    // The README's 15 % (2,000 draws) must lie inside our interval, and the estimate in a sensible band around it.
    expect(lo).toBeLessThanOrEqual(0.15)
    expect(hi).toBeGreaterThanOrEqual(0.15)
    expect(rate).toBeGreaterThan(0.08)
    expect(rate).toBeLessThan(0.25)
    expect(winners.size).toBeGreaterThanOrEqual(2)
    expect(meanTau).toBeGreaterThan(0.79)
    expect(meanTau).toBeLessThan(0.87)
  })
})

describe('mmlu-pro leaderboard pipeline under sweep()', () => {
  it('perturb.swap of the extraction variant: Kendall distance 1 - 0.841 on accuracy, winner unchanged, ripple from predictions on', async () => {
    const s = await sweep(pipeline, { perturbations: perturb.swap('extraction.variant', ['strict', 'last-answer-is']), repeats: 1, cacheDir })
    const tauDrift = s.drift('accuracy', metrics.kendallTau())
    const of = (value: string) => tauDrift.perVariant.find((v) => v.variant.id.includes(value))!.mean
    expect(tauDrift.perVariant).toHaveLength(2)
    expect(Number((1 - of('last-answer-is')).toFixed(3))).toBe(0.841)
    expect(Number((1 - of('strict')).toFixed(3))).toBe(0.995)
    expect(s.drift('accuracy', metrics.top1()).max).toBe(0)
    expect(s.drift('winner', metrics.exact()).max).toBe(0)
    expect(s.drift('ranking', metrics.kendallTau()).perVariant.find((v) => v.variant.id.includes('last'))!.details[0]!.note).toMatch(/Meta-Llama-3-70B 4 -> 23/)
  })

  it('perturb.swap of items.subsample to 100: the winner drifts in the same draws as run() sample by sample', async () => {
    const repeats = 200
    const s = await sweep(pipeline, { perturbations: perturb.swap('items.subsample', 100), repeats, cacheDir })
    const d = s.drift('accuracy', metrics.top1())
    const v = d.perVariant[0]!
    expect(v.values).toHaveLength(repeats)
    // Sample i of the variant is draw i of run(..., { sample: i }): the same seed, so the same items.
    for (let sample = 0; sample < repeats; sample++) {
      const w = (await runWith({ items: { subsample: 100 } }, sample)).output('winner')
      expect(v.values[sample], `draw ${sample}`).toBe(w.length === 1 && w[0] === 'gemini-1.5-pro-002' ? 0 : 1)
    }
    expect(v.ci[0]).toBeLessThan(v.mean)
    expect(v.ci[1]).toBeGreaterThan(v.mean)
    expect(d.noiseFloor.mean).toBe(0) // the full-data base does not depend on the sample
    console.log(`[leaderboard] sweep: winner changed in ${(100 * v.mean).toFixed(1)} % of ${repeats} draws (bootstrap 95 % CI ${(100 * v.ci[0]).toFixed(1)}-${(100 * v.ci[1]).toFixed(1)} %), noise floor ${d.noiseFloor.mean}`)
  })
})
