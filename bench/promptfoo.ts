import { fork } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startLoopback } from './loopback.ts'
import { median } from './median.ts'
import type { Outcome } from './report.ts'
import { ms, ratio } from './report.ts'

const LATENCY_MS = 50
const ROUNDS = 3
const COLD_TARGET = 0.5
const WARM_TARGET = 0.25

/** Where promptfoo comes from: the project's node_modules, or BUTTERFLY_BENCH_PROMPTFOO (a package directory). */
function locatePromptfoo(): { dir: string; version: string } | undefined {
  const dir = process.env.BUTTERFLY_BENCH_PROMPTFOO
    ?? (() => {
      // promptfoo's exports map hides its package.json: resolve its entry and walk up to the package.
      try {
        let at = dirname(createRequire(import.meta.url).resolve('promptfoo'))
        const isPromptfoo = (d: string): boolean => existsSync(join(d, 'package.json')) && (createRequire(import.meta.url)(join(d, 'package.json')) as { name?: string }).name === 'promptfoo'
        while (!isPromptfoo(at) && dirname(at) !== at) at = dirname(at)
        return isPromptfoo(at) ? at : undefined
      } catch {
        return undefined
      }
    })()
  if (!dir || !existsSync(join(dir, 'package.json'))) return undefined
  return { dir, version: (createRequire(import.meta.url)(join(dir, 'package.json')) as { version: string }).version }
}

function child(side: 'import' | 'promptfoo' | 'butterfly', env: Record<string, string>): Promise<Record<string, number>> {
  return new Promise((resolve, reject) => {
    const c = fork(fileURLToPath(new URL('./promptfoo-child.ts', import.meta.url)), [side], {
      execArgv: ['--import', 'tsx'], env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    })
    let stderr = ''
    c.stderr!.on('data', (d: Buffer) => void (stderr += d.toString()))
    c.on('message', (m: { type: string; result?: Record<string, number>; message?: string }) => {
      if (m.type === 'result') resolve(m.result!)
      else reject(new Error(`${side} child failed: ${m.message}`))
    })
    c.on('exit', (code) => reject(new Error(`${side} child exited (${code}) without a result: ${stderr.slice(-2000)}`)))
  })
}

/** Benchmark 5: the same 200-case eval through promptfoo.evaluate and through a butterfly pipeline, cold and warm. */
export async function promptfooSideBySide(): Promise<Outcome> {
  const pf = locatePromptfoo()
  if (!pf) {
    const message = 'promptfoo is not installed (optional peer dependency, about 1.4 GB): skipped. Install it with `npm install --no-save promptfoo@0.121.20`, or point BUTTERFLY_BENCH_PROMPTFOO at an installed promptfoo package directory, and re-run `npm run bench`.'
    console.log(`  ${message}`)
    return { rows: [{ measure: 'promptfoo side by side', value: 'not measured: promptfoo not installed', verdict: 'skipped' }], notes: [message] }
  }
  const server = await startLoopback(LATENCY_MS)
  const work = await mkdtemp(join(tmpdir(), 'butterfly-bench-pf-'))
  try {
    const imports: number[] = []
    const results: { promptfoo: Record<string, number>[]; butterfly: Record<string, number>[] } = { promptfoo: [], butterfly: [] }
    for (let i = 0; i < ROUNDS; i++) {
      // Each side gets fresh caches per round, so every cold run is cold.
      const dir = join(work, `round-${i}`)
      const pfEnv = {
        LOOPBACK_URL: server.url, BENCH_WORK_DIR: dir, BUTTERFLY_BENCH_PROMPTFOO: pf.dir,
        PROMPTFOO_CONFIG_DIR: join(dir, 'promptfoo-config'), PROMPTFOO_CACHE_PATH: join(dir, 'promptfoo-cache'), PROMPTFOO_CACHE_TYPE: 'disk',
        PROMPTFOO_DISABLE_TELEMETRY: '1', PROMPTFOO_DISABLE_UPDATE: '1', PROMPTFOO_DISABLE_SHARING: '1', PROMPTFOO_DISABLE_REMOTE_GENERATION: '1',
        LOG_LEVEL: 'error',
      }
      imports.push((await child('import', pfEnv)).importMs!)
      results.promptfoo.push(await child('promptfoo', pfEnv))
      results.butterfly.push(await child('butterfly', { LOOPBACK_URL: server.url, BENCH_WORK_DIR: dir }))
    }
    const med = (side: 'promptfoo' | 'butterfly', k: string): number => median(results[side].map((r) => r[k]!))
    const cold = med('butterfly', 'coldMs') / med('promptfoo', 'coldMs')
    const warm = med('butterfly', 'warmMs') / med('promptfoo', 'warmMs')
    const ideal = (200 / 8) * LATENCY_MS
    return {
      rows: [
        { measure: 'butterfly ÷ promptfoo, cold (empty caches)', value: `${ratio(cold)} (${ms(med('butterfly', 'coldMs'))} vs ${ms(med('promptfoo', 'coldMs'))})`, target: `≤ ${COLD_TARGET}×`, verdict: cold <= COLD_TARGET ? 'met' : 'missed' },
        { measure: 'butterfly ÷ promptfoo, warm (cached)', value: `${ratio(warm)} (${ms(med('butterfly', 'warmMs'))} vs ${ms(med('promptfoo', 'warmMs'))})`, target: `≤ ${WARM_TARGET}×`, verdict: warm <= WARM_TARGET ? 'met' : 'missed' },
        { measure: 'import time: promptfoo / butterfly (fresh process)', value: `${ms(median(imports))} / ${ms(med('butterfly', 'importMs'))}`, verdict: 'info' },
      ],
      notes: [
        `promptfoo ${pf.version} from ${relative(process.cwd(), pf.dir)}. The eval: 200 cases, one prompt, one provider (promptfoo's \`openai:completion\` provider / butterfly's \`openai()\`) on the loopback OpenAI-compatible server (child process, fixed ${LATENCY_MS} ms per request, canned answer), concurrency 8 (promptfoo \`maxConcurrency: 8\`; butterfly \`ctx.map\` concurrency 8 and model limit 8), one \`contains: Paris\` assertion per case (butterfly: a \`graded\` stage). Every case passes on both sides (checked). The floor of a cold run is 200 ÷ 8 × 50 ms = ${ms(ideal)}.`,
        'Fairness: each side runs in a fresh child process per round; import time is excluded from the eval timings and reported separately. Cold = first evaluate/run with empty caches (promptfoo: disk cache in a fresh `PROMPTFOO_CACHE_PATH`; butterfly: fresh cache directory, cassettes off); warm = the same call again in the same process (promptfoo serves every provider call from its cache, butterfly every stage from its cache). promptfoo: telemetry, update checks, sharing and remote generation disabled by environment, `writeLatestResults: false`, config directory (its results database) in a temp dir, no progress bar. ' +
        `Medians of ${ROUNDS} rounds. butterfly's import time here is of the TypeScript sources through tsx (compiled on the fly), so it overstates what the built package costs.`,
        ['| Side | cold (each round) | warm (each round) | import |', '| --- | --- | --- | --- |',
          `| promptfoo | ${results.promptfoo.map((r) => ms(r.coldMs!)).join(', ')} | ${results.promptfoo.map((r) => ms(r.warmMs!)).join(', ')} | ${imports.map(ms).join(', ')} |`,
          `| butterfly | ${results.butterfly.map((r) => ms(r.coldMs!)).join(', ')} | ${results.butterfly.map((r) => ms(r.warmMs!)).join(', ')} | ${results.butterfly.map((r) => ms(r.importMs!)).join(', ')} |`].join('\n'),
      ],
    }
  } finally {
    await server.close()
    await rm(work, { recursive: true, force: true })
  }
}
