import { fork } from 'node:child_process'
import { relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { resolveLocalModelPath } from '../src/providers/index.ts'
import { median } from './median.ts'
import type { Outcome } from './report.ts'
import { ms } from './report.ts'

const WORKERS = 3

function worker(mode = 'measure'): Promise<Record<string, number>> {
  return new Promise((resolve, reject) => {
    const c = fork(fileURLToPath(new URL('./local-child.ts', import.meta.url)), [mode], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'ignore', 'pipe', 'ipc'] })
    let stderr = ''
    c.stderr!.on('data', (d: Buffer) => void (stderr += d.toString()))
    c.on('message', (m: { type: string; result?: Record<string, number>; message?: string }) => (m.type === 'result' ? resolve(m.result!) : reject(new Error(m.message))))
    c.on('exit', (code) => reject(new Error(`local model worker exited (${code}) without a result: ${stderr.slice(-1500)}`)))
  })
}

/** Benchmark 6: the embedded local model on one thread: tokens/s, and the cost of loading it once per worker. */
export async function localModel(): Promise<Outcome> {
  const { path } = resolveLocalModelPath()
  const runs: Record<string, number>[] = []
  for (let i = 0; i < WORKERS; i++) runs.push(await worker())
  const steps = await worker('breakdown')
  const m = (k: string): number => median(runs.map((r) => r[k]!))
  return {
    rows: [
      { measure: 'local model tokens/s (1 thread, 64-token completions)', value: `${m('tokensPerSecond').toFixed(0)} tokens/s`, verdict: 'info' },
      { measure: 'loading it once per worker (first call − same call again)', value: ms(m('loadMs')), verdict: 'info' },
    ],
    notes: [
      `\`local()\` (node-llama-cpp 3.21.1, context with \`threads: 1\`) on ${relative(process.cwd(), path)}. ${WORKERS} fresh child processes, one per simulated worker; each times its first completion (loading the native binding, the model file and a context, then generating), the same request again (same text, no loading: their difference is the load cost), then 18 completions of up to 64 tokens at temperature 0.8 / top_p 0.9 / top_k 40 with distinct seeds (tokens/s = completion tokens ÷ their total time). Medians over the workers. The issue sets no target for this row.`,
      ['| Worker | import of local() | first call | same call again | load cost | tokens/s |', '| --- | --- | --- | --- | --- | --- |',
        ...runs.map((r, i) => `| ${i + 1} | ${ms(r.importMs!)} | ${ms(r.firstMs!)} | ${ms(r.againMs!)} | ${ms(r.loadMs!)} | ${r.tokensPerSecond!.toFixed(0)} |`)].join('\n'),
      `Where the load cost goes (one more fresh process, the same steps as local() without generating): import of node-llama-cpp ${ms(steps.importMs!)}, \`getLlama()\` (native binding) ${ms(steps.getLlamaMs!)}, ` +
      `\`loadModel()\` ${ms(steps.loadModelMs!)}, \`createContext()\` ${ms(steps.contextMs!)}. Vitest runs spec files in separate workers, so every worker that uses the local model pays this once (local() shares one engine per process).`,
    ],
  }
}
