import { fork } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'

/** The loopback OpenAI-compatible server of benchmarks 4 and 5, running in a child process. */
export interface Loopback {
  /** Base URL including `/v1`. */
  url: string
  /** Requests received since the last reset, and the most handled at once. */
  stats(): Promise<{ requests: number; maxInFlight: number }>
  reset(): Promise<void>
  close(): Promise<void>
}

function ask<T>(child: ChildProcess, type: string): Promise<T> {
  return new Promise((resolve) => {
    const on = (message: { type: string } & T): void => {
      if (message.type !== type) return
      child.off('message', on)
      resolve(message)
    }
    child.on('message', on)
    child.send({ type })
  })
}

/** Starts the server answering every completion with a canned text after `latencyMs`. */
export async function startLoopback(latencyMs: number): Promise<Loopback> {
  const child = fork(fileURLToPath(new URL('./loopback-child.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, LOOPBACK_LATENCY_MS: String(latencyMs) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  const url = await new Promise<string>((resolve, reject) => {
    child.once('error', reject)
    child.once('exit', (code) => reject(new Error(`the loopback server exited with code ${code} before it was ready`)))
    child.on('message', (m: { type: string; url?: string }) => { if (m.type === 'ready') resolve(m.url!) })
  })
  return {
    url,
    stats: () => ask(child, 'stats'),
    reset: async () => void (await ask(child, 'reset')),
    close: () => new Promise<void>((resolve) => {
      child.removeAllListeners('exit')
      child.once('exit', () => resolve())
      child.send({ type: 'close' })
    }),
  }
}
