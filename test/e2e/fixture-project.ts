import { spawn } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const e2eDir = fileURLToPath(new URL('.', import.meta.url))
const repoRoot = resolve(e2eDir, '../..')
// Copies live at the same depth as the fixtures (test/e2e/.tmp/<name>-xxxx), so a
// fixture's relative imports of this repository's src/ and node_modules/ resolve alike.
const tmpRoot = join(e2eDir, '.tmp')

/** What a spawned command left behind. */
export interface CommandResult {
  code: number | null
  stdout: string
  stderr: string
  /** stdout and stderr, ANSI colours removed. */
  output: string
}

/** A temporary copy of a fixture project under test/e2e/.tmp. */
export interface FixtureProject {
  dir: string
  /** Runs this repository's `vitest` binary in the copy. */
  vitest(args: string[], env?: Record<string, string | undefined>): Promise<CommandResult>
  /**
   * Runs it on a pseudo-terminal (util-linux `script`), as in a developer's
   * terminal: stdout and stderr arrive together in `stdout`. `undefined`
   * where `script` is missing.
   */
  vitestInTerminal(args: string[], columns?: number): Promise<CommandResult> | undefined
  /** Runs this repository's `tsc` binary in the copy. */
  tsc(args: string[]): Promise<CommandResult>
  path(...parts: string[]): string
  read(file: string): string
  write(file: string, text: string): void
  /** Replaces `from` (which must occur) with `to` in a file. */
  edit(file: string, from: string, to: string): void
  remove(): void
}

// The child must behave like a developer's terminal, not like this test run,
// CI or an agent: those variables switch reporters and snapshot update modes.
const STRIPPED = /^(VITEST|VITEST_.*|TEST|NODE_ENV|CI|CONTINUOUS_INTEGRATION|GITHUB_.*|AI_AGENT|CLAUDECODE|CLAUDE_CODE.*|CODEX_.*|CURSOR_AGENT|GEMINI_CLI|COPILOT_.*|OPENCODE|REPL_ID|AUGMENT_AGENT|GOOSE_PROVIDER|JUNIE_.*|FORCE_COLOR|UPDATE_SNAPSHOT|BUTTERFLY_CACHE_DIR|BUTTERFLY_RUN_ID|BUTTERFLY_REMOTE_CACHE)$/

function childEnv(extra: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [key, value] of Object.entries(process.env)) if (!STRIPPED.test(key)) env[key] = value
  env.NO_COLOR = '1'
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) delete env[key]
    else env[key] = value
  }
  return env
}

const quote = (s: string): string => `'${s.replaceAll("'", "'\\''")}'`
const SCRIPT = ['/usr/bin/script', '/bin/script'].find((p) => existsSync(p))

function runIn(cwd: string, bin: string, args: string[], env: Record<string, string | undefined>, columns?: number): Promise<CommandResult> {
  const command = [process.execPath, join(repoRoot, 'node_modules', bin), ...args]
  // On a terminal: `script` gives the command a pseudo-terminal of the given width.
  const [file, argv] = columns === undefined ? [command[0]!, command.slice(1)] : [SCRIPT!, ['-qec', `stty cols ${columns}; ${command.map(quote).join(' ')}`, '/dev/null']]
  return new Promise((done, fail) => {
    const child = spawn(file, argv, { cwd, env: childEnv(env) })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('error', fail)
    child.on('close', (code) => {
      // eslint-disable-next-line no-control-regex
      const output = `${stdout}\n${stderr}`.replace(/\u001B\[[0-9;]*m/g, '')
      done({ code, stdout, stderr, output })
    })
  })
}

/**
 * Copies `test/e2e/fixtures/<name>` to a fresh directory under
 * `test/e2e/.tmp/` (git-ignored). Call `remove()` when done.
 *
 * @example
 * const project = copyFixture('stability')
 * const { code, output } = await project.vitest(['run'])
 */
export function copyFixture(name: string): FixtureProject {
  mkdirSync(tmpRoot, { recursive: true })
  const dir = mkdtempSync(join(tmpRoot, `${name}-`))
  cpSync(join(e2eDir, 'fixtures', name), dir, { recursive: true })
  const path = (...parts: string[]): string => join(dir, ...parts)
  return {
    dir,
    path,
    vitest: (args, env = {}) => runIn(dir, 'vitest/vitest.mjs', args, env),
    vitestInTerminal: (args, columns = 150) => (SCRIPT ? runIn(dir, 'vitest/vitest.mjs', args, { NO_COLOR: undefined }, columns) : undefined),
    tsc: (args) => runIn(dir, 'typescript/bin/tsc', args, {}),
    read: (file) => readFileSync(path(file), 'utf8'),
    write: (file, text) => writeFileSync(path(file), text),
    edit(file, from, to) {
      const text = readFileSync(path(file), 'utf8')
      if (!text.includes(from)) throw new Error(`fixture file ${file} does not contain ${JSON.stringify(from)}`)
      writeFileSync(path(file), text.replace(from, to))
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  }
}
