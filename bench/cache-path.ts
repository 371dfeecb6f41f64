import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Bench } from 'tinybench'
import { z } from 'zod'
import { createFsStore, definePipeline, defineStage, run } from '../src/index.ts'
import type { Outcome } from './report.ts'
import { ms, over } from './report.ts'
import { jsonBytes, records } from './records.ts'
import type { BenchRecord } from './records.ts'

const record = z.object({ id: z.string(), label: z.string(), value: z.number(), unit: z.string(), text: z.string() })
// `entries`: distinct cached entries (one per value of the param `i`) that the
// "from disk" task reads once each, as a warm run's process reads each entry once.
const sizes = [
  { name: '1 KB', n: 4, entries: 4000 },
  { name: '100 KB', n: 400, entries: 1000 },
  { name: '5 MB', n: 20_000, entries: 24 },
]

function pipelineOf(output: BenchRecord[]) {
  const produce = defineStage({ name: 'produce', params: (p: { i: number }) => p.i, output: z.array(record), version: String(output.length), run: () => output })
  return definePipeline({ name: `bench-cache-${output.length}`, params: z.object({ i: z.number() }), stages: [produce] })
}

// The target for the cost of one cached stage on the warm path.
const TARGET_US = 20

/** Benchmark 3a: the cost of serving one stage from the fs cache, by output size. */
export async function cachePath(): Promise<Outcome> {
  const dir = await mkdtemp(join(tmpdir(), 'butterfly-bench-cache-'))
  const rows: Outcome['rows'] = []
  const table = [
    '| Output | JSON size | run(), entry read from disk (p50) | p99 | run(), entry already read by this process (p50) | p99 | samples | fs read + sha256 check (p50) | output parse, when something reads it (p50) |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ]
  try {
    for (const size of sizes) {
      const output = records(size.n)
      const pipeline = pipelineOf(output)
      const cache = createFsStore({ dir })
      for (let i = 1; i <= size.entries; i++) {
        const made = await run(pipeline, { i }, { cache: createFsStore({ dir }), llm: { mode: 'off' } })
        if (made.stages.produce.status !== 'executed') throw new Error('the first run of each entry should execute the stage')
      }
      const first = await run(pipeline, { i: 0 }, { cache, llm: { mode: 'off' } })
      if (first.stages.produce.status !== 'executed') throw new Error('the first run should execute the stage')
      const key = first.stages.produce.key
      let notCached = 0
      const big = size.n > 1000
      const bench = new Bench({ time: big ? 1500 : 500, iterations: big ? 10 : 50, warmupIterations: big ? 2 : 16, retainSamples: true })
      // One store, as in a warm run's process, reading each of the entries once: the entry
      // comes from disk, hash-checked. After the last one, a new store object (which has
      // read nothing) starts over, so no sample is served from this process's memory.
      let reader = createFsStore({ dir })
      let next = 0
      bench.add('run, from disk', async () => {
        if (next === size.entries) {
          next = 0
          reader = createFsStore({ dir })
        }
        next++
        const r = await run(pipeline, { i: next }, { cache: reader, llm: { mode: 'off' } })
        if (r.stages.produce.status !== 'cached') notCached++
      })
      // The same store again: what a sweep's later runs of the same upstream stage cost.
      bench.add('run, read before', async () => {
        const r = await run(pipeline, { i: 0 }, { cache, llm: { mode: 'off' } })
        if (r.stages.produce.status !== 'cached') notCached++
      })
      let bytes: Uint8Array | undefined
      bench.add('get', async () => {
        bytes = await cache.get(key)
      })
      bench.add('parse', () => {
        const text = new TextDecoder().decode(bytes)
        JSON.parse(text.slice(text.indexOf('\n') + 1))
      })
      await bench.run()
      if (notCached > 0) throw new Error(`${notCached} runs executed the stage instead of serving it from the cache`)
      const [disk, again, getTask, parseTask] = bench.tasks.map((t) => (t.result.state === 'completed' ? t.result.latency : undefined))
      if (!disk || !again || !getTask || !parseTask) throw new Error('a cache-path task did not complete')
      table.push(`| ${size.name} (${size.n} records) | ${(jsonBytes(output) / 1024).toFixed(0)} KiB | ${ms(disk.p50)} | ${ms(disk.p99)} | ${ms(again.p50)} | ${ms(again.p99)} | ${disk.samplesCount} / ${again.samplesCount} | ${ms(getTask.p50)} | ${ms(parseTask.p50)} |`)
      const us = disk.p50 * 1000
      rows.push({
        measure: `cached stage, ${size.name} output: run() p50, entry read from disk`, value: ms(disk.p50), target: `≤ ${TARGET_US} µs`,
        verdict: us <= TARGET_US ? 'met' : 'missed', ...(us > TARGET_US ? { by: over(us, TARGET_US) } : {}),
      })
      rows.push({ measure: `cached stage, ${size.name} output: run() p50, entry already read by this process`, value: ms(again.p50), target: `≤ ${TARGET_US} µs`,
        verdict: again.p50 * 1000 <= TARGET_US ? 'met' : 'missed', ...(again.p50 * 1000 > TARGET_US ? { by: over(again.p50 * 1000, TARGET_US) } : {}) })
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
  return {
    rows,
    notes: [
      'One-stage pipeline whose output (records of about 250 bytes of JSON each) is already in a file-system cache (`createFsStore`, temp dir): ' +
      'each sample is a whole `run()` (options and params resolution, cache key, entry lookup; every sample checked to be `cached`, none executed). ' +
      '"Read from disk": one store object, as in a warm run\'s process, reading each of ' + sizes.map((x) => `${x.entries} (${x.name})`).join(', ') + ' distinct cached entries (one per value of a param) once, so every sample computes its key and reads the entry from disk (from the page cache: the files were just written), checks its sha256 and parses its one-line header (output hash, usage, logs); ' +
      'the output itself is not parsed, because nothing reads it (the entry format 3 keeps it after the header; it is parsed on first read of `output`). ' +
      '"Already read by this process": the same store, whose entries this process already read and checked are kept in memory (bounded by size): what the later runs of a sweep cost for a shared upstream stage. ' +
      'The last two columns time the store read (with its hash check) and the parse of the output, which a run pays only where something reads the output and its measurement is not memoised.',
      table.join('\n'),
    ],
  }
}
