import { mkdtemp, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Bench } from 'tinybench'
import { z } from 'zod'
import { checkBaseline, createMemoryStore, definePipeline, defineStage, inferMetric, run } from '../src/index.ts'
import { pairedDrift } from '../src/baselines/drift.ts'
import type { Outcome } from './report.ts'
import { ms, over } from './report.ts'
import { changeEvery, jsonBytes, records } from './records.ts'
import type { BenchRecord } from './records.ts'

const N = 20_000
const IDENTICAL_MS = 20
const CHANGED_MS = 500

const record = z.object({ id: z.string(), label: z.string(), value: z.number(), unit: z.string(), text: z.string() })

/** The output and its hash as `toMatchBaseline` gets them: from the engine's stage result (output parsed from its cache entry, `StageResult.hash`). */
async function fromEngine(output: BenchRecord[], variant: string): Promise<{ output: unknown; hash: string }> {
  const facts = defineStage({ name: 'facts', output: z.array(record), version: variant, run: () => output })
  const pipeline = definePipeline({ name: `bench-baseline-${variant}`, params: z.object({}), stages: [facts] })
  const result = await run(pipeline, {}, { cache: createMemoryStore(), llm: { mode: 'off' } })
  const stage = result.stages.facts
  if (stage.status !== 'executed') throw new Error(`expected the stage to execute, got ${stage.status}`)
  return { output: stage.output, hash: stage.hash }
}

// What a CPU profile of checkBaseline on this input shows (node --cpu-prof of a loop of checkBaseline calls with the engine's hashes).
const PROFILE = '**How the check avoids work:** the baseline file records each stored output\'s content hash (sha256 of the sorted-key JSON, the same as the engine\'s `StageResult.hash`, which `toMatchBaseline` passes), and an output this large is kept in the outputs file next to it (`<test>~outputs.json`; docs/baselines.md), so the baseline file itself is a few hundred bytes. Identical: the small file is parsed once and the outputs file is only hashed, never parsed. Changed: the outputs file is parsed once and the rest is the metric (`jsonDiff` on the 20k records; its `details` reuse the diff `compute` made). Without the hashes (a programmatic call that passes outputs only) the check serialises the current output to hash it, hence the info rows. (Not re-profiled in this run.)'

/** Benchmark 3b: comparing a 20k-record stage output (about 5 MB) with its reviewed baseline. */
export async function baselineCompare(): Promise<Outcome> {
  const dir = await mkdtemp(join(tmpdir(), 'butterfly-bench-baseline-'))
  try {
    const base = records(N)
    const changedRecords = changeEvery(base, 100)
    const identical = await fromEngine(structuredClone(base), 'identical')
    const changed = await fromEngine(changedRecords, 'changed')
    const common = { snapshotDir: dir, specFile: 'bench.spec.ts', test: ['facts baseline'], pipeline: 'bench-baseline', params: {}, tolerance: 1 }
    const written = checkBaseline({ ...common, outputs: { facts: [base] }, update: 'new' })
    if (written.status !== 'written') throw new Error(`expected the baseline to be written, got ${written.status}`)
    const fileBytes = (await stat(written.file)).size
    const outputsBytes = (await stat(written.file.replace(/\.json$/, '~outputs.json'))).size
    const metric = inferMetric(base)

    const statuses = { identical: new Set<string>(), changed: new Set<string>() }
    const observed = { identical: -1, changed: -1 }
    const check = (which: 'identical' | 'changed', withHash: boolean): void => {
      const { output, hash } = which === 'identical' ? identical : changed
      const r = checkBaseline({ ...common, outputs: { facts: [output] }, ...(withHash ? { hashes: { facts: [hash] } } : {}), update: 'none' })
      statuses[which].add(r.status)
      observed[which] = r.stages[0]?.observed ?? -1
    }
    const bench = new Bench({ time: 1000, iterations: 3, warmupIterations: 1, retainSamples: true })
    bench.add('checkBaseline identical', () => check('identical', true))
    bench.add('checkBaseline changed', () => check('changed', true))
    bench.add('checkBaseline identical, no hashes', () => check('identical', false))
    bench.add('checkBaseline changed, no hashes', () => check('changed', false))
    bench.add('pairedDrift identical', () => void pairedDrift(metric, [base], [identical.output]))
    bench.add('pairedDrift changed', () => void pairedDrift(metric, [base], [changed.output]))
    await bench.run()
    const p50 = bench.tasks.map((t) => {
      if (t.result.state !== 'completed') throw new Error(`task ${t.name} ended ${t.result.state}`)
      return t.result.latency.p50
    })
    const [fileIdentical, fileChanged, plainIdentical, plainChanged, memIdentical, memChanged] = p50 as [number, number, number, number, number, number]
    if (observed.identical !== 0 || observed.changed <= 0) throw new Error(`unexpected drift: identical ${observed.identical}, changed ${observed.changed}`)
    return {
      rows: [
        { measure: 'baseline compare, 20k records identical: checkBaseline() p50', value: ms(fileIdentical), target: `≤ ${IDENTICAL_MS} ms`, verdict: fileIdentical <= IDENTICAL_MS ? 'met' : 'missed', ...(fileIdentical > IDENTICAL_MS ? { by: over(fileIdentical, IDENTICAL_MS) } : {}) },
        { measure: 'baseline compare, 20k records, 1% changed: checkBaseline() p50', value: ms(fileChanged), target: `≤ ${CHANGED_MS} ms`, verdict: fileChanged <= CHANGED_MS ? 'met' : 'missed', ...(fileChanged > CHANGED_MS ? { by: over(fileChanged, CHANGED_MS) } : {}) },
        { measure: 'the same without the engine\'s hashes (outputs only), identical / changed', value: `${ms(plainIdentical)} / ${ms(plainChanged)}`, verdict: 'info' },
        { measure: 'in-memory comparison only (pairedDrift, hashes computed), identical / changed', value: `${ms(memIdentical)} / ${ms(memChanged)}`, verdict: 'info' },
      ],
      notes: [
        `A stage output of ${N} records (${(jsonBytes(base) / 2 ** 20).toFixed(1)} MiB of JSON) compared with its reviewed baseline by \`checkBaseline\` ` +
        `(src/baselines, update mode "none" as in CI; metric inferred: \`${metric.name}\`). The baseline file is ${fileBytes} bytes; the output is kept in its outputs file (${(outputsBytes / 2 ** 20).toFixed(1)} MiB of pretty JSON). ` +
        `The current output and its hash come from the engine, as \`toMatchBaseline\` gets them (a one-stage pipeline's \`run()\`: the output as parsed from its cache entry, \`StageResult.hash\`). ` +
        `Once with an identical output (status ${[...statuses.identical].join('/')}, drift ${observed.identical}), ` +
        `once with every 100th record's value changed (status ${[...statuses.changed].join('/')}, drift ${observed.changed.toFixed(4)}). ` +
        '`checkBaseline` includes claiming the file (the tracker reads it to see whose it is), reading, parsing and validating it, and checking the outputs file; `pairedDrift` is the comparison alone (hashes computed, then the metric when they differ).',
        PROFILE,
      ],
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
