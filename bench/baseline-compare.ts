import { mkdtemp, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Bench } from 'tinybench'
import { checkBaseline, inferMetric } from '../src/index.ts'
import { pairedDrift } from '../src/baselines/drift.ts'
import type { Outcome } from './report.ts'
import { ms, over } from './report.ts'
import { changeEvery, jsonBytes, records } from './records.ts'

const N = 20_000
const IDENTICAL_MS = 20
const CHANGED_MS = 500

// What a CPU profile of checkBaseline on this input shows (node --cpu-prof of a loop of checkBaseline calls).
const PROFILE = '**Why the targets are missed (profile, `node --cpu-prof`):** the comparison has a hash short-circuit (equal content hashes give drift 0 without running the metric), ' +
  'but getting to it costs several full passes over the 5 MB: the baseline tracker\'s `claim` (src/baselines/tracker.ts, `recordedTest`) reads and JSON-parses the whole baseline file twice to check who owns it, ' +
  '`checkBaseline` reads and parses it a third time, normalises the current output (`toJsonValue`: stringify + parse), and `pairedDrift` hashes both sides with `hashValue` (sorted-key stringify of 5 MB, about 90 ms each); GC is a third of the time. ' +
  'With changes, json-diff-ts on 20k records adds about 300 ms. The design fix proposed to the lead (src/baselines is helper E1\'s): store each sample\'s content hash in the stage record and let the matchers pass the engine\'s `StageResult.hash` ' +
  '(the same sha256 of the sorted-key JSON), so that an identical output is one hash comparison; parse the file once; and keep large outputs in a sidecar file so that the identical case reads only a small file.'

/** Benchmark 3b: comparing a 20k-record stage output (about 5 MB) with its reviewed baseline. */
export async function baselineCompare(): Promise<Outcome> {
  const dir = await mkdtemp(join(tmpdir(), 'butterfly-bench-baseline-'))
  try {
    const base = records(N)
    const changed = changeEvery(base, 100)
    const identical = structuredClone(base)
    const common = { snapshotDir: dir, specFile: 'bench.spec.ts', test: ['facts baseline'], pipeline: 'bench-baseline', params: {}, tolerance: 1 }
    const written = checkBaseline({ ...common, outputs: { facts: [base] }, update: 'new' })
    if (written.status !== 'written') throw new Error(`expected the baseline to be written, got ${written.status}`)
    const fileBytes = (await stat(written.file)).size
    const metric = inferMetric(base)

    const statuses = { identical: new Set<string>(), changed: new Set<string>() }
    const observed = { identical: -1, changed: -1 }
    const bench = new Bench({ time: 1000, iterations: 3, warmupIterations: 1, retainSamples: true })
    bench.add('checkBaseline identical', () => {
      const r = checkBaseline({ ...common, outputs: { facts: [identical] }, update: 'none' })
      statuses.identical.add(r.status)
      observed.identical = r.stages[0]?.observed ?? -1
    })
    bench.add('checkBaseline changed', () => {
      const r = checkBaseline({ ...common, outputs: { facts: [changed] }, update: 'none' })
      statuses.changed.add(r.status)
      observed.changed = r.stages[0]?.observed ?? -1
    })
    bench.add('pairedDrift identical', () => void pairedDrift(metric, [base], [identical]))
    bench.add('pairedDrift changed', () => void pairedDrift(metric, [base], [changed]))
    await bench.run()
    const p50 = bench.tasks.map((t) => {
      if (t.result.state !== 'completed') throw new Error(`task ${t.name} ended ${t.result.state}`)
      return t.result.latency.p50
    })
    const [fileIdentical, fileChanged, memIdentical, memChanged] = p50 as [number, number, number, number]
    if (observed.identical !== 0 || observed.changed <= 0) throw new Error(`unexpected drift: identical ${observed.identical}, changed ${observed.changed}`)
    return {
      rows: [
        { measure: 'baseline compare, 20k records identical: checkBaseline() p50', value: ms(fileIdentical), target: `≤ ${IDENTICAL_MS} ms`, verdict: fileIdentical <= IDENTICAL_MS ? 'met' : 'missed', ...(fileIdentical > IDENTICAL_MS ? { by: over(fileIdentical, IDENTICAL_MS) } : {}) },
        { measure: 'baseline compare, 20k records, 1% changed: checkBaseline() p50', value: ms(fileChanged), target: `≤ ${CHANGED_MS} ms`, verdict: fileChanged <= CHANGED_MS ? 'met' : 'missed', ...(fileChanged > CHANGED_MS ? { by: over(fileChanged, CHANGED_MS) } : {}) },
        { measure: 'in-memory comparison only (pairedDrift), identical / changed', value: `${ms(memIdentical)} / ${ms(memChanged)}`, verdict: 'info' },
      ],
      notes: [
        `A stage output of ${N} records (${(jsonBytes(base) / 2 ** 20).toFixed(1)} MiB of JSON; the baseline file is ${(fileBytes / 2 ** 20).toFixed(1)} MiB of pretty JSON) compared with its reviewed baseline by \`checkBaseline\` ` +
        `(src/baselines, update mode "none" as in CI; metric inferred: \`${metric.name}\`): once with an identical output (status ${[...statuses.identical].join('/')}, drift ${observed.identical}), ` +
        `once with every 100th record's value changed (status ${[...statuses.changed].join('/')}, drift ${observed.changed.toFixed(4)}). ` +
        '`checkBaseline` includes reading, parsing and validating the baseline file and normalising the current output to its JSON form; `pairedDrift` is the comparison alone (hash check, then the metric when the hashes differ).',
        PROFILE,
      ],
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
