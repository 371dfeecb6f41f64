import { spawn, spawnSync } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'

/** A `redis-server` this test process started on 127.0.0.1. */
export interface RedisServer {
  url: string
  port: number
  /** The server's process id. */
  pid: number
  /** Stops the server (SIGTERM) and waits for it to exit. */
  stop(): Promise<void>
  /** Kills the server at once (SIGKILL), as a crash would. */
  kill(): Promise<void>
  /** Freezes the server (SIGSTOP): connections stay open, nothing answers, as with a hung or overloaded server. */
  pause(): void
  /** Thaws a paused server (SIGCONT). */
  resume(): void
}

/** Why no server can be started here, or `undefined` when a `redis-server` binary is on the PATH. */
export function redisServerMissing(): string | undefined {
  const probe = spawnSync('redis-server', ['--version'], { encoding: 'utf8' })
  return probe.error ? 'no redis-server binary on the PATH (Debian: apt-get install -y redis-server); the Redis tests are skipped' : undefined
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number }
      probe.close(() => resolve(port))
    })
  })
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', () => resolve()))
}

/**
 * Starts a fresh, empty `redis-server` on a random port of 127.0.0.1 with no
 * persistence, and resolves once it accepts connections. The caller stops it.
 *
 * @example
 * const server = await startRedisServer()
 * afterAll(() => server.stop())
 */
export async function startRedisServer(): Promise<RedisServer> {
  for (let attempt = 0; ; attempt++) {
    const port = await freePort()
    const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] })
    let log = ''
    const ready = await new Promise<boolean>((resolve) => {
      const onData = (d: Buffer): void => {
        log += d.toString()
        if (log.includes('Ready to accept connections')) resolve(true)
      }
      child.stdout!.on('data', onData)
      child.stderr!.on('data', onData)
      child.once('exit', () => resolve(false))
      child.once('error', () => resolve(false))
    })
    if (ready) {
      child.stdout!.resume()
      child.stderr!.resume()
      const signal = async (s: NodeJS.Signals): Promise<void> => {
        if (child.exitCode === null && child.signalCode === null) child.kill(s)
        await exited(child)
      }
      const send = (s: NodeJS.Signals): void => void (child.exitCode === null && child.signalCode === null && child.kill(s))
      return {
        url: `redis://127.0.0.1:${port}`, port, pid: child.pid!,
        // A paused server ignores SIGTERM until it is thawed.
        stop: async () => { send('SIGCONT'); await signal('SIGTERM') },
        kill: () => signal('SIGKILL'),
        pause: () => send('SIGSTOP'),
        resume: () => send('SIGCONT'),
      }
    }
    // The port was taken between the probe and the start: try another.
    if (attempt >= 3) throw new Error(`redis-server did not start on 127.0.0.1:${port}:\n${log}`)
  }
}
