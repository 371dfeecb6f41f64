import { z } from 'zod'
import { createMemoryStore, definePipeline, defineStage, hashValue, perturb, sweep } from '../src/index.ts'
import type { AnyStage, Perturbation } from '../src/index.ts'
import { needsOf } from '../src/core/stage.ts'
import { median, repeat } from './median.ts'
import type { Outcome } from './report.ts'
import { ms, ratio } from './report.ts'

// A synthetic 5-stage linear pipeline; each stage reads one param (except the
// last), stage 3 is stochastic. Every output is a hash of everything the stage
// saw, so outputs differ exactly when inputs differ and no sharing comes for free.
const params = z.object({
  a: z.number().min(0).max(1).default(0.5),
  b: z.string().default('w'),
  c: z.number().min(0).max(1).default(0.5),
  d: z.number().min(0).max(1).default(0.5),
})
type Params = z.infer<typeof params>
const REPEATS = 3
const runs = new Map<string, number>()
const tick = (name: string): void => void runs.set(name, (runs.get(name) ?? 0) + 1)

const load = defineStage({ name: 'load', params: (p: Params) => p.a, output: z.string(), run: ({ params: a }) => (tick('load'), hashValue({ a })) })
const parse = defineStage({ name: 'parse', needs: { load }, params: (p: Params) => p.b, output: z.string(), run: ({ inputs, params: b }) => (tick('parse'), hashValue({ i: inputs.load, b })) })
const generate = defineStage({
  name: 'generate', needs: { parse }, params: (p: Params) => p.c, stochastic: true, output: z.string(),
  run: ({ inputs, params: c, ctx }) => (tick('generate'), hashValue({ i: inputs.parse, c, seed: ctx.seed })),
})
const score = defineStage({ name: 'score', needs: { generate }, params: (p: Params) => p.d, output: z.string(), run: ({ inputs, params: d }) => (tick('score'), hashValue({ i: inputs.generate, d })) })
const select = defineStage({ name: 'select', needs: { score }, output: z.string(), run: ({ inputs }) => (tick('select'), hashValue({ i: inputs.score })) })
const pipeline = definePipeline({ name: 'bench-sweep', params, stages: [load, parse, generate, score, select] })
const base: Params = { a: 0.5, b: 'w', c: 0.5, d: 0.5 }

interface Shape {
  name: string
  perturbation: Perturbation
  /** The variants' params, written out by hand (base first), from which the minimum is computed. */
  points: Partial<Params>[]
}
const shapes: Shape[] = [
  { name: 'jitter early (stage 1 param a ± 0.1)', perturbation: perturb.jitter('a', 0.1), points: [{}, { a: 0.4 }, { a: 0.6 }] },
  { name: 'jitter late (stage 4 param d ± 0.1)', perturbation: perturb.jitter('d', 0.1), points: [{}, { d: 0.4 }, { d: 0.6 }] },
  { name: "swap (stage 2 param b → 'x', 'y')", perturbation: perturb.swap('b', ['x', 'y']), points: [{}, { b: 'x' }, { b: 'y' }] },
  {
    name: 'grid (a ± 0.1 × d ± 0.1)',
    perturbation: perturb.grid(perturb.jitter('a', 0.1), perturb.jitter('d', 0.1)),
    points: [{}, { a: 0.4, d: 0.4 }, { a: 0.4, d: 0.6 }, { a: 0.6, d: 0.4 }, { a: 0.6, d: 0.6 }],
  },
]

/** Ancestors of a stage and the stage itself. */
function lineage(stage: AnyStage): AnyStage[] {
  const out = new Set<AnyStage>([stage])
  const visit = (s: AnyStage): void => needsOf(s).forEach(([, d]) => { out.add(d); visit(d) })
  visit(stage)
  return [...out]
}

/**
 * The fewest executions any engine needs: per stage, the number of distinct
 * params slices over the stage and its ancestors among the variants, times
 * the repeats when the stage or an ancestor is stochastic.
 */
function theoreticalMinimum(points: Partial<Params>[], repeats: number): { total: number; perStage: Record<string, number> } {
  const perStage: Record<string, number> = {}
  for (const stage of pipeline.stages) {
    const chain = lineage(stage)
    const distinct = new Set(points.map((p) => {
      const resolved = { ...base, ...p }
      return JSON.stringify(chain.map((s) => (s.params ? s.params(resolved) : null)))
    }))
    perStage[stage.name] = distinct.size * (chain.some((s) => s.stochastic) ? repeats : 1)
  }
  return { total: Object.values(perStage).reduce((a, b) => a + b, 0), perStage }
}

/** Benchmark 2: executed stage count of a sweep vs the theoretical minimum. */
export async function sweepSharing(): Promise<Outcome> {
  const rows: Outcome['rows'] = []
  const table = ['| Shape | Variants | Executed (stats) | Executed (counted) | Minimum | Per stage executed / minimum | Sweep wall time (median of 5) |', '| --- | --- | --- | --- | --- | --- | --- |']
  for (const shape of shapes) {
    const min = theoreticalMinimum(shape.points, REPEATS)
    const times = await repeat(5, async () => {
      runs.clear()
      const started = performance.now()
      const s = await sweep(pipeline, { perturbations: shape.perturbation, repeats: REPEATS, cache: createMemoryStore(), concurrency: 4 })
      return { ms: performance.now() - started, s, counted: new Map(runs) }
    })
    const { s, counted } = times[0]!
    const got = s.variants.map((v) => JSON.stringify(v.params))
    const want = shape.points.map((p) => JSON.stringify(params.parse({ ...base, ...p })))
    if (got.join() !== want.join()) throw new Error(`sweep variants ${got.join(' ')} are not the hand-written points ${want.join(' ')}`)
    const countedTotal = [...counted.values()].reduce((a, b) => a + b, 0)
    const r = s.stats.executed / min.total
    const perStage = pipeline.stages.map((st) => `${st.name} ${counted.get(st.name) ?? 0}/${min.perStage[st.name]}`).join(', ')
    table.push(`| ${shape.name} | ${s.variants.length} | ${s.stats.executed} | ${countedTotal} | ${min.total} | ${perStage} | ${ms(median(times.map((t) => t.ms)))} |`)
    const exact = s.stats.executed === min.total && countedTotal === min.total
    rows.push({ measure: `${shape.name}: executed ÷ minimum`, value: `${ratio(r)} (${s.stats.executed}/${min.total})`, target: '1.00×', verdict: exact ? 'met' : 'missed' })
  }
  return {
    rows,
    notes: [
      `Synthetic 5-stage linear pipeline load(a) → parse(b) → generate(c, stochastic) → score(d) → select, ${REPEATS} repeats per variant, a fresh memory cache per sweep, 4 runs in flight. ` +
      'The minimum is computed from the pipeline structure alone: for each stage, the number of distinct params slices of the stage and its ancestors over the variants (written out by hand, and checked against the variants the sweep produced), times the repeats when the stage or an ancestor is stochastic. ' +
      '"Executed (stats)" is the sweep\'s own `s.stats.executed`; "counted" counts calls of the stages\' `run` functions.',
      table.join('\n'),
    ],
  }
}
