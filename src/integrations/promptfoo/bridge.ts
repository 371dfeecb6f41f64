import { createRequire } from 'node:module'
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads'
import type { MessagePort } from 'node:worker_threads'
import { MetricError, MissingDependencyError } from '../../errors.ts'
import { PROMPTFOO_INSTALL } from './import.ts'

/** What one assertion says about one output. */
export interface AssertionOutcome {
  pass: boolean
  score: number
  reason: string
}

interface Bridge {
  worker: Worker
  port: MessagePort
  flag: Int32Array
}

// A metric's compute() is synchronous while promptfoo's assertions are async,
// so they run on a worker thread and the caller blocks on a shared counter
// until the answer is posted (Atomics.wait is allowed on Node's main thread).
const WORKER = `
const { workerData } = require('node:worker_threads')
const { port, flag, path } = workerData
const counter = new Int32Array(flag)
let promptfoo
port.on('message', async (msg) => {
  let reply
  try {
    promptfoo ??= require(path)
    const r = await promptfoo.assertions.runAssertion({ assertion: msg.assertion, test: { vars: msg.vars }, vars: msg.vars, providerResponse: { output: msg.output } })
    reply = { ok: true, pass: r.pass === true, score: Number(r.score), reason: String(r.reason ?? '') }
  } catch (error) {
    reply = { ok: false, message: String((error && error.message) || error) }
  }
  port.postMessage(reply)
  Atomics.add(counter, 0, 1)
  Atomics.notify(counter, 0)
})
`

// Shared per process (Vitest re-imports modules per test file): one worker per promptfoo install.
const STATE = Symbol.for('vitest-butterfly.promptfoo-bridge')

function bridges(): Map<string, Bridge> {
  const g = globalThis as { [STATE]?: Map<string, Bridge> }
  return (g[STATE] ??= new Map())
}

/** Resolves promptfoo's entry from this package's location; a missing package says how to install it. */
export function resolvePromptfoo(moduleName: string, neededBy: string): string {
  try {
    return createRequire(import.meta.url).resolve(moduleName)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND' || code === 'ERR_PACKAGE_PATH_NOT_EXPORTED') {
      throw new MissingDependencyError(
        `${neededBy} needs the optional package "promptfoo", which is not installed (${moduleName} cannot be resolved); install it with: ${PROMPTFOO_INSTALL}`, { component: 'metrics', cause: error },
      )
    }
    throw error
  }
}

function bridgeFor(path: string): Bridge {
  const all = bridges()
  let bridge = all.get(path)
  if (bridge) return bridge
  process.env.PROMPTFOO_DISABLE_TELEMETRY ??= '1'
  process.env.PROMPTFOO_DISABLE_UPDATE ??= '1'
  const flag = new Int32Array(new SharedArrayBuffer(4))
  const { port1, port2 } = new MessageChannel()
  const worker = new Worker(WORKER, { eval: true, workerData: { port: port2, flag: flag.buffer, path }, transferList: [port2] })
  worker.unref()
  port1.unref()
  worker.on('error', () => all.delete(path))
  worker.on('exit', () => all.delete(path))
  bridge = { worker, port: port1, flag }
  all.set(path, bridge)
  return bridge
}

/**
 * Runs one promptfoo assertion on one output, synchronously (on a shared
 * worker thread). Throws `MetricError` when promptfoo throws, the assertion
 * cannot be sent (functions inside it), or no answer comes within `timeoutMs`.
 */
export function runAssertionSync(
  path: string, assertion: Record<string, unknown>, output: unknown, vars: Record<string, unknown>, timeoutMs: number, where: string,
): AssertionOutcome {
  const bridge = bridgeFor(path)
  const before = Atomics.load(bridge.flag, 0)
  try {
    bridge.port.postMessage({ assertion, output, vars })
  } catch (cause) {
    throw new MetricError(`${where}: the assertion or output cannot be sent to promptfoo (${(cause as Error).message}); give JavaScript assertions as strings`, { component: 'metrics', cause })
  }
  if (Atomics.wait(bridge.flag, 0, before, timeoutMs) === 'timed-out') {
    void bridge.worker.terminate()
    throw new MetricError(`${where}: promptfoo gave no answer within ${timeoutMs} ms`, { component: 'metrics' })
  }
  const reply = receiveMessageOnPort(bridge.port)?.message as ({ ok: true } & AssertionOutcome) | { ok: false; message: string } | undefined
  if (!reply) throw new MetricError(`${where}: promptfoo's worker answered nothing`, { component: 'metrics' })
  if (!reply.ok) throw new MetricError(`${where}: promptfoo failed: ${reply.message}`, { component: 'metrics' })
  return { pass: reply.pass, score: reply.score, reason: reply.reason }
}
