// Benchmark 3a's measuring process (see cache-path.ts), in plain JavaScript on
// the compiled package: the code users run (the package's `dist/`, which Node
// loads as it is, inside Vitest too). Under tsx every closure the engine makes
// per run would also be renamed (its esbuild transform keeps names), a cost
// the package does not have.
//
// node bench/cache-path-child.mjs <compiled package dir> <temp dir> <sizes.json>
// sizes.json: [{ name, entries, outputFile }]; prints one JSON line of results.
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { Bench } from 'tinybench'
import { z } from 'zod'

const [dist, root, sizesFile] = process.argv.slice(2)
const { createFsStore, definePipeline, defineStage, run } = await import(pathToFileURL(join(dist, 'index.js')).href)
const { forgetEntryIndexes } = await import(pathToFileURL(join(dist, 'cache/entry-index.js')).href)

const record = z.object({ id: z.string(), label: z.string(), value: z.number(), unit: z.string(), text: z.string() })

function pipelineOf(output) {
  const produce = defineStage({ name: 'produce', params: (p) => p.i, output: z.array(record), version: String(output.length), run: () => output })
  return definePipeline({ name: `bench-cache-${output.length}`, params: z.object({ i: z.number() }), stages: [produce] })
}

// What a process pays once to load the cache's index, before its first lookup.
function indexLoad(dir, key) {
  forgetEntryIndexes()
  const store = createFsStore({ dir })
  const started = performance.now()
  store.peek(key)
  const ms = performance.now() - started
  const records = readdirSync(join(dir, 'index')).reduce((n, f) => n + readFileSync(join(dir, 'index', f), 'utf8').split('\n').filter(Boolean).length, 0)
  forgetEntryIndexes()
  return { ms, records }
}

const latency = (task) => {
  if (task.result.state !== 'completed') throw new Error(`cache-path task "${task.name}" did not complete`)
  const { p50, p99, samplesCount } = task.result.latency
  return { p50, p99, samplesCount }
}

const results = []
for (const size of JSON.parse(readFileSync(sizesFile, 'utf8'))) {
  const output = JSON.parse(readFileSync(size.outputFile, 'utf8'))
  // A cache of its own per size, so that the index a reader loads holds this size's entries only.
  const dir = join(root, `cache-${output.length}`)
  const pipeline = pipelineOf(output)
  for (let i = 1; i <= size.entries; i++) {
    const made = await run(pipeline, { i }, { cache: createFsStore({ dir }), llm: { mode: 'off' } })
    if (made.stages.produce.status !== 'executed') throw new Error('the first run of each entry should execute the stage')
  }
  const cache = createFsStore({ dir })
  const first = await run(pipeline, { i: 0 }, { cache, llm: { mode: 'off' } })
  if (first.stages.produce.status !== 'executed') throw new Error('the first run should execute the stage')
  const key = first.stages.produce.key
  const load = indexLoad(dir, key)
  let notCached = 0
  const big = output.length > 1000
  const bench = new Bench({ time: big ? 1500 : 500, iterations: big ? 10 : 50, warmupIterations: big ? 2 : 16, retainSamples: true })
  // One store, as in a warm run's process, resolving each of the entries once: the
  // entry's header comes from the index (loaded from disk as a new process loads it),
  // checked against the entry file's identity. After the last one, a new store object
  // (which has read nothing) over a freshly loaded index starts over, so no sample is
  // served from this process's memory of entries.
  const freshReader = () => {
    forgetEntryIndexes()
    return createFsStore({ dir })
  }
  let reader = freshReader()
  let next = 0
  bench.add('run, from disk', async () => {
    if (next === size.entries) {
      next = 0
      reader = freshReader()
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
  let bytes
  bench.add('get', async () => {
    bytes = await cache.get(key)
  })
  bench.add('parse', () => {
    const text = new TextDecoder().decode(bytes)
    JSON.parse(text.slice(text.indexOf('\n') + 1))
  })
  await bench.run()
  const [disk, again, get, parse] = bench.tasks.map(latency)
  results.push({ name: size.name, load, notCached, disk, again, get, parse })
}
console.log(JSON.stringify(results))
