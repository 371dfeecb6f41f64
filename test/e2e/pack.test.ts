/**
 * The package as a new user gets it: `npm pack`, install the tarball into a
 * fresh project beside vitest and zod, then run a small pipeline with node,
 * type-check a consumer file with tsc, and run a Vitest test that uses it.
 * A second fresh project installs the tarball with zod and no vitest, and runs
 * a pipeline and a sweep from plain Node scripts, as ES module and as CommonJS.
 * Slow (two installs, from the local npm cache when it can), so each installs once.
 */
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, posix } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const exec = promisify(execFile)
const root = fileURLToPath(new URL('../..', import.meta.url))
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'

// Each public entry point, with the source it is built from. An entry whose
// source does not exist yet is reported as skipped, not passed.
const entries = [
  { subpath: '.', specifier: 'vitest-butterfly', source: 'src/index.ts', built: 'dist/index' },
  { subpath: './vitest', specifier: 'vitest-butterfly/vitest', source: 'src/vitest/index.ts', built: 'dist/vitest/index' },
  { subpath: './providers', specifier: 'vitest-butterfly/providers', source: 'src/providers/index.ts', built: 'dist/providers/index' },
  { subpath: './judge', specifier: 'vitest-butterfly/judge', source: 'src/judge/index.ts', built: 'dist/judge/index' },
  { subpath: './promptfoo', specifier: 'vitest-butterfly/promptfoo', source: 'src/integrations/promptfoo/index.ts', built: 'dist/integrations/promptfoo/index' },
  { subpath: './latency', specifier: 'vitest-butterfly/latency', source: 'src/latency/index.ts', built: 'dist/latency/index' },
  // Deprecated aliases, kept for one minor version: ./plugin is ./vitest's plugin, ./setup the setup file.
  { subpath: './plugin', specifier: 'vitest-butterfly/plugin', source: 'src/vitest/plugin.ts', built: 'dist/vitest/plugin' },
].map((e) => ({ ...e, exists: existsSync(join(root, e.source)) }))

const installedVersion = async (name: string): Promise<string> =>
  (JSON.parse(await readFile(join(root, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version

interface PackResult { filename: string; files: { path: string }[] }

let base: string
let fixture: string
let packed: PackResult

async function sh(cmd: string, args: string[], cwd: string, timeout = 300_000): Promise<{ stdout: string; stderr: string }> {
  try {
    return await exec(cmd, args, { cwd, timeout, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, npm_config_update_notifier: 'false' } })
  } catch (error) {
    const e = error as Error & { stdout?: string; stderr?: string }
    throw new Error(`${cmd} ${args.join(' ')} failed in ${cwd}: ${e.message}\n${e.stdout ?? ''}\n${e.stderr ?? ''}`)
  }
}

const PIPELINE = `
import { z } from 'zod'
import { definePipeline, defineStage, run } from 'vitest-butterfly'

const params = z.object({ words: z.object({ upper: z.boolean().default(false) }).default({ upper: false }) })
const split = defineStage({
  name: 'split',
  output: z.array(z.string()),
  run: () => 'the quick brown fox'.split(' '),
})
const shape = defineStage({
  name: 'shape',
  needs: { split },
  params: (p) => p.words,
  output: z.array(z.string()),
  run: ({ inputs, params }) => inputs.split.map((w) => (params.upper ? w.toUpperCase() : w)),
})
const pick = defineStage({
  name: 'pick',
  needs: { shape },
  stochastic: true,
  output: z.string(),
  run: ({ inputs, ctx }) => inputs.shape[ctx.seed % inputs.shape.length],
})
const pipeline = definePipeline({ name: 'fixture', params, stages: [split, shape, pick] })

const overrides = JSON.parse(process.argv[2] ?? '{}')
const result = await run(pipeline, overrides, { cacheDir: '.butterfly/cache', sample: Number(process.argv[3] ?? 0) })
console.log(JSON.stringify({
  status: result.status,
  stages: Object.fromEntries(result.order.map((n) => [n, result.stages[n].status])),
  shape: result.output('shape'),
}))
`

const TYPED = `
import { z } from 'zod'
import { definePipeline, defineStage, run } from 'vitest-butterfly'

const facts = defineStage({
  name: 'facts',
  output: z.array(z.object({ id: z.string(), value: z.number() })),
  run: () => [{ id: 'a', value: 1 }],
})
const pipeline = definePipeline({ name: 'typed', params: z.object({}), stages: [facts] })
const result = await run(pipeline, {}, { cache: false })
const values: number[] = result.output('facts').map((f) => f.value)
// @ts-expect-error: no stage is named 'fact'
result.output('fact')
console.log(values)
`

const VITEST_TEST = `
import { expect, it } from 'vitest'
import { z } from 'zod'
import { definePipeline, defineStage, run } from 'vitest-butterfly'

it('runs a pipeline inside Vitest and serves the second run from the cache', async () => {
  const n = defineStage({ name: 'n', output: z.number(), run: () => 41 })
  const m = defineStage({ name: 'm', needs: { n }, output: z.number(), run: ({ inputs }) => inputs.n + 1 })
  const pipeline = definePipeline({ name: 'in-vitest', params: z.object({}), stages: [n, m] })
  const { createMemoryStore } = await import('vitest-butterfly')
  const cache = createMemoryStore()
  expect((await run(pipeline, {}, { cache })).output('m')).toBe(42)
  expect((await run(pipeline, {}, { cache })).counts).toEqual({ executed: 0, cached: 2, failed: 0, skipped: 0 })
})
`

// A plain Node script: a pipeline with no params, run twice (the second from the
// cache), and a sweep with a perturbation of a stage's output. Written once,
// run as an ES module and, through a dynamic import, as CommonJS.
const PLAIN_BODY = `
  const { z } = await import('zod')
  const { definePipeline, defineStage, metrics, perturb, run, sweep } = await import('vitest-butterfly')
  const words = defineStage({ name: 'words', output: z.array(z.string()), run: () => 'a b c d'.split(' ') })
  const count = defineStage({ name: 'count', needs: { words }, output: z.number(), run: ({ inputs }) => inputs.words.length })
  const pipeline = definePipeline({ name: 'plain', stages: [words, count] })
  const first = await run(pipeline, {}, { cacheDir: '.butterfly/cache' })
  const second = await run(pipeline, {}, { cacheDir: '.butterfly/cache' })
  const s = await sweep(pipeline, { perturbations: [perturb.data('drop-one', (out) => out.slice(1), { after: 'words' })], repeats: 2, cache: false })
  const drift = s.drift('count', metrics.numeric())
  console.log(JSON.stringify({
    count: first.output('count'), first: first.counts, second: second.counts,
    variants: s.variants.length, drift: drift.perVariant.map((v) => v.mean),
  }))
`
const PLAIN_ESM = PLAIN_BODY
const PLAIN_CJS = `'use strict'\n;(async () => {${PLAIN_BODY}})().catch((error) => { console.error(error); process.exitCode = 1 })\n`

let plain: string

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'butterfly-pack-'))
  // prepack builds dist/ with tsc first.
  const { stdout } = await sh(npm, ['pack', '--json', '--pack-destination', base], root)
  packed = (JSON.parse(stdout.slice(stdout.indexOf('['))) as PackResult[])[0]!

  fixture = join(base, 'fixture')
  await mkdir(join(fixture, 'test'), { recursive: true })
  const pkg = {
    name: 'butterfly-fixture', private: true, type: 'module',
    dependencies: {
      'vitest-butterfly': `file:../${packed.filename}`,
      vitest: await installedVersion('vitest'),
      zod: await installedVersion('zod'),
    },
    devDependencies: { typescript: await installedVersion('typescript'), '@types/node': await installedVersion('@types/node') },
  }
  await writeFile(join(fixture, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`)
  await writeFile(join(fixture, 'pipeline.mjs'), PIPELINE)
  // Every entry that exists is type-checked too, with the consumer's skipLibCheck off.
  const entryImports = entries.filter((e) => e.exists && e.subpath !== '.')
    .map((e, i) => `import * as entry${i} from '${e.specifier}'\nconsole.log(Object.keys(entry${i}))\n`).join('')
  await writeFile(join(fixture, 'typed.ts'), TYPED + entryImports)
  await writeFile(join(fixture, 'test', 'pipeline.test.ts'), VITEST_TEST)
  // Two consumers: Node's own resolution with every declaration checked (vite's
  // types need the disposable lib), and a bundler-style project as Vite templates set it up.
  const compilerOptions = { target: 'ES2022', strict: true, noEmit: true, types: ['node'] }
  await writeFile(join(fixture, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { ...compilerOptions, module: 'NodeNext', moduleResolution: 'NodeNext', skipLibCheck: false, lib: ['ES2023', 'ESNext.Disposable'] },
    files: ['typed.ts'],
  }))
  await writeFile(join(fixture, 'tsconfig.bundler.json'), JSON.stringify({
    compilerOptions: { ...compilerOptions, module: 'ESNext', moduleResolution: 'Bundler', skipLibCheck: true },
    files: ['typed.ts'],
  }))
  const install = ['install', '--no-audit', '--no-fund', '--loglevel=error']
  try {
    await sh(npm, [...install, '--offline'], fixture)
  } catch {
    await sh(npm, [...install, '--prefer-offline'], fixture)
  }

  plain = join(base, 'plain')
  await mkdir(join(plain, 'cjs'), { recursive: true })
  await writeFile(join(plain, 'package.json'), `${JSON.stringify({
    name: 'butterfly-plain', private: true, type: 'module',
    dependencies: { 'vitest-butterfly': `file:../${packed.filename}`, zod: await installedVersion('zod') },
  }, null, 2)}\n`)
  await writeFile(join(plain, 'script.mjs'), PLAIN_ESM)
  // A CommonJS package scope (what `npm init -y` creates), resolving from the project's node_modules.
  await writeFile(join(plain, 'cjs', 'package.json'), `${JSON.stringify({ name: 'butterfly-plain-cjs', private: true, type: 'commonjs' }, null, 2)}\n`)
  await writeFile(join(plain, 'cjs', 'script.js'), PLAIN_CJS)
  try {
    await sh(npm, [...install, '--offline'], plain)
  } catch {
    await sh(npm, [...install, '--prefer-offline'], plain)
  }
}, 900_000)

afterAll(async () => {
  if (base) await rm(base, { recursive: true, force: true })
})

describe('npm pack', () => {
  it('packs built JavaScript and declarations, and no sources, tests or caches', () => {
    const paths = packed.files.map((f) => f.path)
    expect(paths).toContain('package.json')
    expect(paths.some((p) => p.startsWith('src/'))).toBe(false)
    expect(paths.some((p) => /\.test(-d)?\.(js|d\.ts)$/.test(p))).toBe(false)
    expect(paths.some((p) => p.includes('.butterfly/'))).toBe(false)
  })

  for (const { subpath, exists, built } of entries) {
    it.skipIf(!exists)(`builds ${subpath} to .js and .d.ts`, () => {
      const paths = packed.files.map((f) => f.path)
      expect(paths).toContain(`${built}.js`)
      expect(paths).toContain(`${built}.d.ts`)
    })
  }

  it('declares every entry in the exports map, types first', async () => {
    const pkg = JSON.parse(await readFile(join(fixture, 'node_modules', 'vitest-butterfly', 'package.json'), 'utf8')) as {
      exports: Record<string, { types: string; default: string }>
    }
    for (const { subpath, built } of entries) {
      // Declared even before the source exists, so that the map is complete when it lands.
      expect(Object.keys(pkg.exports[subpath]!)).toEqual(['types', 'default'])
      expect(pkg.exports[subpath]).toEqual({ types: `./${built}.d.ts`, default: `./${built}.js` })
    }
  })

  it('declarations refer only to declarations that are in the package', async () => {
    // tsc keeps `.ts` specifiers in .d.ts files (rewriteRelativeImportExtensions rewrites
    // only the JavaScript); TypeScript resolves them to the .d.ts beside them.
    const paths = new Set(packed.files.map((f) => f.path))
    const missing: string[] = []
    for (const file of [...paths].filter((p) => p.endsWith('.d.ts'))) {
      const text = await readFile(join(fixture, 'node_modules', 'vitest-butterfly', file), 'utf8')
      for (const [, spec] of text.matchAll(/(?:from |import\()['"](\.{1,2}\/[^'"]+)['"]/g)) {
        const target = posix.join(posix.dirname(file), spec!).replace(/\.(ts|js)$/, '.d.ts')
        if (!paths.has(target)) missing.push(`${file} -> ${spec}`)
      }
    }
    expect(missing).toEqual([])
  })

  it('built JavaScript imports built files only', async () => {
    const paths = new Set(packed.files.map((f) => f.path))
    const wrong: string[] = []
    for (const file of [...paths].filter((p) => p.endsWith('.js'))) {
      const text = await readFile(join(fixture, 'node_modules', 'vitest-butterfly', file), 'utf8')
      for (const [, spec] of text.matchAll(/(?:from |import\()['"](\.{1,2}\/[^'"]+)['"]/g)) {
        if (!paths.has(posix.join(posix.dirname(file), spec!))) wrong.push(`${file} -> ${spec}`)
      }
    }
    expect(wrong).toEqual([])
  })
})

describe('installed into a fresh project', () => {
  const runPipeline = async (overrides = {}, sample = 0) =>
    JSON.parse((await sh(process.execPath, ['pipeline.mjs', JSON.stringify(overrides), String(sample)], fixture)).stdout.trim()) as {
      status: string; stages: Record<string, string>; shape: string[]
    }

  it('runs a zod pipeline with node and prints its stage statuses', async () => {
    const first = await runPipeline()
    expect(first).toEqual({ status: 'passed', stages: { split: 'executed', shape: 'executed', pick: 'executed' }, shape: ['the', 'quick', 'brown', 'fox'] })
    expect(existsSync(join(fixture, '.butterfly', 'cache'))).toBe(true)
    expect((await runPipeline()).stages).toEqual({ split: 'cached', shape: 'cached', pick: 'cached' })
    const upper = await runPipeline({ words: { upper: true } })
    expect(upper.stages).toEqual({ split: 'cached', shape: 'executed', pick: 'executed' })
    expect(upper.shape).toEqual(['THE', 'QUICK', 'BROWN', 'FOX'])
    expect((await runPipeline({}, 1)).stages).toEqual({ split: 'cached', shape: 'cached', pick: 'executed' })
  })

  it('reports invalid overrides as a user would see them', async () => {
    const error = await runPipeline({ words: { upper: 'yes' } }).catch((e: unknown) => e as Error)
    expect(String(error)).toMatch(/ParamsError: \[butterfly\] pipeline "fixture": invalid params at words\.upper: /)
  })

  for (const { exists, specifier } of entries) {
    it.skipIf(!exists)(`imports ${specifier} with node`, async () => {
      const { stdout } = await sh(process.execPath, ['--input-type=module', '-e', `const m = await import('${specifier}'); console.log(JSON.stringify(Object.keys(m)))`], fixture)
      const names = JSON.parse(stdout.trim()) as string[]
      expect(names.length).toBeGreaterThan(0)
      if (specifier === 'vitest-butterfly') expect(names).toEqual(expect.arrayContaining(['defineStage', 'definePipeline', 'run', 'createFsStore', 'createMemoryStore']))
    })
  }

  it.each(['tsconfig.json', 'tsconfig.bundler.json'])('type-checks a consumer with tsc -p %s: outputs are typed, a wrong stage name is an error', async (config) => {
    const tsc = join(fixture, 'node_modules', 'typescript', 'bin', 'tsc')
    const result = await sh(process.execPath, [tsc, '-p', config], fixture).then((r) => ({ ok: true, out: r.stdout }), (e: Error) => ({ ok: false, out: e.message }))
    expect(result.out).toBe('')
    expect(result.ok).toBe(true)
  })

  it('declares vitest an optional peer: the engine runs without it', async () => {
    const pkg = JSON.parse(await readFile(join(fixture, 'node_modules', 'vitest-butterfly', 'package.json'), 'utf8')) as {
      peerDependenciesMeta: Record<string, { optional?: boolean }>
    }
    expect(pkg.peerDependenciesMeta.vitest?.optional).toBe(true)
  })

  it('works inside Vitest', async () => {
    const vitest = join(fixture, 'node_modules', 'vitest', 'vitest.mjs')
    const { stdout } = await sh(process.execPath, [vitest, 'run', '--reporter=dot'], fixture)
    expect(stdout).toMatch(/1 passed/)
  })
})

describe('installed into a fresh project without vitest', () => {
  const expected = {
    count: 4,
    first: { executed: 2, cached: 0, failed: 0, skipped: 0 },
    second: { executed: 0, cached: 2, failed: 0, skipped: 0 },
    variants: 2,
    drift: [1],
  }

  it('has no vitest installed, so ./vitest cannot load there', async () => {
    expect(existsSync(join(plain, 'node_modules', 'vitest-butterfly', 'package.json'))).toBe(true)
    expect(existsSync(join(plain, 'node_modules', 'vitest'))).toBe(false)
    const error = await sh(process.execPath, ['--input-type=module', '-e', `await import('vitest-butterfly/vitest')`], plain).catch((e: Error) => e)
    expect(String(error)).toMatch(/Cannot find (package|module) 'vitest'/)
  })

  it('runs a pipeline without params and a sweep from a plain ES module script', async () => {
    const { stdout } = await sh(process.execPath, ['script.mjs'], plain)
    expect(JSON.parse(stdout.trim())).toEqual(expected)
  })

  it('runs the same from a "type": "commonjs" project through a dynamic import', async () => {
    const { stdout } = await sh(process.execPath, ['script.js'], join(plain, 'cjs'))
    expect(JSON.parse(stdout.trim())).toEqual(expected)
  })

  it('loads every engine-only entry without vitest', async () => {
    for (const specifier of ['vitest-butterfly', 'vitest-butterfly/providers', 'vitest-butterfly/judge', 'vitest-butterfly/promptfoo', 'vitest-butterfly/latency']) {
      const { stdout } = await sh(process.execPath, ['--input-type=module', '-e', `const m = await import('${specifier}'); console.log(Object.keys(m).length)`], plain)
      expect(Number(stdout.trim()), specifier).toBeGreaterThan(0)
    }
  })
})
