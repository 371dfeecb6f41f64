import { execFileSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { describe, expect, it, vi } from 'vitest'
import { tempDir } from '../../test/support/temp-dir.ts'
import type { AnyPipeline } from '../core/pipeline.ts'
import { definingModule } from '../core/stage.ts'
import { run } from '../run/run.ts'
import { createMemoryStore } from './memory.ts'
import { definePipeline } from '../core/pipeline.ts'
import { defineStage } from '../core/stage.ts'
import { z } from 'zod'
import { moduleGraphHash } from './module-graph.ts'
import { stageFilesHash } from './stage-files.ts'

const index = fileURLToPath(new URL('../index.ts', import.meta.url))
const tsx = import.meta.resolve('tsx')
const zod = pathToFileURL(fileURLToPath(import.meta.resolve('zod'))).href

// A project on disk: stage `scores` reads a table from another module, stage
// `label` lives in a module of its own; both in one pipeline.
function project(): { dir: string; write: (file: string, text: string) => void } {
  const dir = tempDir('butterfly-fingerprint-')
  const write = (file: string, text: string): void => {
    mkdirSync(join(dir, file, '..'), { recursive: true })
    writeFileSync(join(dir, file), text)
  }
  write('package.json', '{ "type": "module" }\n')
  write('table.ts', 'export const weights = { a: 1, b: 2 }\n')
  write('scores.ts', `import { defineStage } from ${JSON.stringify(index)}
import { z } from ${JSON.stringify(zod)}
import { weights } from './table.js'
export const scores = defineStage({ name: 'scores', output: z.number(), run: () => weights.a + weights.b })
`)
  write('label.ts', `import { defineStage } from ${JSON.stringify(index)}
import { z } from ${JSON.stringify(zod)}
export const label = defineStage({ name: 'label', output: z.string(), run: () => 'fixed' })
`)
  write('pipeline.ts', `import { definePipeline } from ${JSON.stringify(index)}
import { z } from ${JSON.stringify(zod)}
import { scores } from './scores.ts'
import { label } from './label.ts'
export const pipeline = definePipeline({ name: 'fp', params: z.object({}), stages: [scores, label] })
`)
  return { dir, write }
}

describe('the default version covers the modules a stage imports', () => {
  it('names the module that called defineStage, under Vitest', async () => {
    const { dir } = project()
    const { scores } = await import(pathToFileURL(join(dir, 'scores.ts')).href)
    expect(definingModule(scores)).toMatch(/scores\.ts$/)
  })

  it('re-executes exactly the stage whose helper module changed (Vitest module runner)', async () => {
    const { dir, write } = project()
    const cacheDir = join(dir, 'cache')
    const load = async (): Promise<AnyPipeline> => {
      vi.resetModules()
      return (await import(`${pathToFileURL(join(dir, 'pipeline.ts')).href}?t=${Date.now()}`)).pipeline
    }
    const first = await run(await load(), {}, { cacheDir })
    expect(first.counts).toMatchObject({ executed: 2, cached: 0 })
    expect((await run(await load(), {}, { cacheDir })).counts).toMatchObject({ executed: 0, cached: 2 })
    write('table.ts', 'export const weights = { a: 1, b: 5 }\n')
    const edited = await run(await load(), {}, { cacheDir })
    expect(edited.stages.scores!.status).toBe('executed')
    expect(edited.stages.label!.status).toBe('cached')
    // (The value is the tsx test's to check: without a watcher, Vite keeps serving the module it transformed first.)
  })

  it('re-executes the stage under plain Node (tsx) too', () => {
    const { dir, write } = project()
    const runner = join(dir, 'run.ts')
    writeFileSync(runner, `import { run } from ${JSON.stringify(index)}
import { pipeline } from './pipeline.ts'
const r = await run(pipeline, {}, { cacheDir: ${JSON.stringify(join(dir, 'cache'))} })
console.log(JSON.stringify({ scores: r.stages.scores.status, label: r.stages.label.status, out: r.output('scores') }))
`)
    const once = (): unknown => JSON.parse(execFileSync(process.execPath, ['--import', tsx, runner], { cwd: dir, encoding: 'utf8' }).trim().split('\n').at(-1)!)
    expect(once()).toEqual({ scores: 'executed', label: 'executed', out: 3 })
    expect(once()).toEqual({ scores: 'cached', label: 'cached', out: 3 })
    write('table.ts', 'export const weights = { a: 4, b: 2 }\n')
    expect(once()).toEqual({ scores: 'executed', label: 'cached', out: 6 })
  })
})

describe('moduleGraphHash', () => {
  it('follows local imports transitively, counts packages by installed version, ignores unrelated files', () => {
    const { dir, write } = project()
    write('node_modules/left-pad/package.json', '{ "name": "left-pad", "version": "1.0.0" }')
    write('deep.ts', 'export const k = 1\n')
    write('table.ts', "import { k } from './deep'\nimport pad from 'left-pad'\nimport { readFileSync } from 'node:fs'\nexport const weights = { a: k, b: 2 }\n")
    const entry = join(dir, 'scores.ts')
    const before = moduleGraphHash(entry)
    write('unrelated.ts', 'export const x = 2\n')
    expect(moduleGraphHash(pathToFileURL(entry).href)).toBe(before)
    write('deep.ts', 'export const k = 2\n')
    const deep = moduleGraphHash(entry)
    expect(deep).not.toBe(before)
    write('node_modules/left-pad/package.json', '{ "name": "left-pad", "version": "1.0.1" }')
    expect(moduleGraphHash(entry)).not.toBe(deep)
  })
})

describe('stageFilesHash', () => {
  it('changes when a declared file changes or a matching file appears, and names a pattern that matches nothing', () => {
    const { dir, write } = project()
    write('data/a.csv', 'x,1\n')
    const before = stageFilesHash('load', ['data/*.csv'], dir)
    write('data/a.csv', 'x,2\n')
    const edited = stageFilesHash('load', ['data/*.csv'], dir)
    expect(edited).not.toBe(before)
    write('data/b.csv', 'y,1\n')
    expect(stageFilesHash('load', ['data/*.csv'], dir)).not.toBe(edited)
    expect(() => stageFilesHash('load', ['data/*.tsv'], dir)).toThrow(/stage "load": files pattern "data\/\*\.tsv" matches no file/)
  })
})

describe('a stage that declares its files', () => {
  it('re-executes when a declared file changes, and fails naming a pattern that matches nothing', async () => {
    const { dir, write } = project()
    write('data/a.csv', 'x,1\n')
    const pattern = `${relative(process.cwd(), join(dir, 'data')).split('\\').join('/')}/*.csv`
    const load = defineStage({ name: 'load', version: '1', files: [pattern], output: z.number(), run: () => 1 })
    const pipeline = definePipeline({ name: 'files', params: z.object({}), stages: [load] })
    const cache = createMemoryStore()
    expect((await run(pipeline, {}, { cache })).stages.load!.status).toBe('executed')
    expect((await run(pipeline, {}, { cache })).stages.load!.status).toBe('cached')
    write('data/a.csv', 'x,2\n')
    expect((await run(pipeline, {}, { cache })).stages.load!.status).toBe('executed')
    const typo = defineStage({ name: 'typo', files: ['no-such-dir/*.tsv'], output: z.number(), run: () => 1 })
    const failed = await run(definePipeline({ name: 'typo', params: z.object({}), stages: [typo] }), {}, { cache })
    expect(failed.error?.message).toBe(`[butterfly] stage "typo" could not compute its cache key (params slice, code or files): stage "typo": files pattern "no-such-dir/*.tsv" matches no file under ${process.cwd()}`)
  })
})
