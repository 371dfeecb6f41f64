import { readFile, writeFile } from 'node:fs/promises'
import { localModel } from './local-model.ts'
import { machineLine } from './machine.ts'
import type { Outcome, Section } from './report.ts'
import { renderResults, updateResults } from './report.ts'
import { baselineCompare } from './baseline-compare.ts'
import { cachePath } from './cache-path.ts'
import { promptfooSideBySide } from './promptfoo.ts'
import { sharedCache } from './shared-cache.ts'
import { sweepSharing } from './sweep-sharing.ts'
import { throughput } from './throughput.ts'
import { validity } from './validity.ts'
import { warmRerun } from './warm-rerun.ts'

interface Benchmark {
  id: string
  /** The benchmark's number in issue 7. */
  number: string
  title: string
  run: () => Promise<Outcome>
}

// In the order of issue 7; the numbers in RESULTS.md follow it.
const benchmarks: Benchmark[] = [
  { id: 'warm', number: '1', title: 'Warm re-run', run: warmRerun },
  { id: 'sweep', number: '2', title: 'Sweep sharing', run: sweepSharing },
  { id: 'cache', number: '3a', title: 'Cache path', run: cachePath },
  { id: 'baseline', number: '3b', title: 'Baseline comparison', run: baselineCompare },
  { id: 'throughput', number: '4', title: 'Model-call throughput', run: throughput },
  { id: 'promptfoo', number: '5', title: 'promptfoo side by side', run: promptfooSideBySide },
  { id: 'local', number: '6', title: 'Local model', run: localModel },
  // Issue 10: the stability verdict's error rates, by simulation.
  { id: 'validity', number: '7', title: 'Statistical validity', run: validity },
  // Issue 12: single flight across processes and machines, the Redis tier.
  { id: 'shared', number: '8', title: 'Shared cache', run: sharedCache },
]

/**
 * Runs the named benchmarks (all when none is named); writes bench/RESULTS.md
 * for a full run, or updates the named benchmarks' rows and sections in it
 * with `--update`.
 */
export async function main(argv: string[]): Promise<number> {
  const update = argv.includes('--update')
  const args = argv.filter((a) => a !== '--update')
  const unknown = args.filter((a) => !benchmarks.some((b) => b.id === a))
  if (unknown.length > 0) {
    console.error(`unknown benchmark(s) ${unknown.join(', ')}; known: ${benchmarks.map((b) => b.id).join(', ')}`)
    return 2
  }
  // VALIDITY_ONLY runs part of §7 (bench/validity.ts): never written over the whole section.
  if (process.env.VALIDITY_ONLY && (update || args.length === 0)) {
    console.error('VALIDITY_ONLY runs part of the validity benchmark: run it as `npm run bench -- validity`, without --update')
    return 2
  }
  const selected = args.length === 0 ? benchmarks : benchmarks.filter((b) => args.includes(b.id))
  const started = performance.now()
  const sections: Section[] = []
  let failed = false
  for (const b of selected) {
    const t0 = performance.now()
    console.log(`▶ ${b.title}`)
    let outcome: Outcome
    try {
      outcome = await b.run()
    } catch (error) {
      failed = true
      console.error(error)
      outcome = { rows: [{ measure: 'benchmark failed', value: (error as Error).message.split('\n')[0]!, verdict: 'missed' }], notes: ['```', String((error as Error).stack ?? error), '```'] }
    }
    const section: Section = { id: b.id, number: b.number, title: b.title, seconds: (performance.now() - t0) / 1000, ...outcome }
    sections.push(section)
    for (const r of section.rows) console.log(`  ${r.measure}: ${r.value}${r.target ? ` (target ${r.target}: ${r.verdict}${r.by ? `, ${r.by}` : ''})` : ''}`)
    console.log(`  (${section.seconds.toFixed(1)} s)`)
  }
  const total = (performance.now() - started) / 1000
  const markdown = renderResults(sections, machineLine(), total)
  if (args.length === 0) {
    await writeFile(new URL('./RESULTS.md', import.meta.url), markdown)
    console.log(`wrote bench/RESULTS.md (${total.toFixed(0)} s)`)
  } else if (update) {
    const file = new URL('./RESULTS.md', import.meta.url)
    // The header's machine and date are the full run's; say where this one ran.
    for (const s of sections) s.notes.unshift(`Run alone (\`npm run bench -- ${s.id} --update\`) on ${new Date().toISOString().slice(0, 10)}, ${machineLine()}.`)
    await writeFile(file, updateResults(await readFile(file, 'utf8'), sections, benchmarks.map((b) => b.number)))
    console.log(`updated ${sections.map((s) => `${s.number}. ${s.title}`).join(', ')} in bench/RESULTS.md`)
  } else {
    console.log(markdown)
  }
  return failed ? 1 : 0
}
