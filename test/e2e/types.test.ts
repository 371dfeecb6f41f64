import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { copyFixture } from './fixture-project.ts'
import type { FixtureProject } from './fixture-project.ts'

// tsc on test/e2e/fixtures/types/matchers.ts: correct matcher calls compile,
// each line marked `@ts-expect-error` is a type error.
describe('matcher option types', () => {
  let project: FixtureProject
  beforeAll(() => {
    project = copyFixture('types')
  })
  afterAll(() => project?.remove())

  it('compiles the valid calls, and every marked wrong call is a type error on its own line', async () => {
    const source = project.read('matchers.ts')
    const marked = source.split('\n').flatMap((line, i) => (line.includes('// @ts-expect-error') ? [i + 2] : []))
    expect(marked.length).toBeGreaterThanOrEqual(10)

    // One tsc run over the file as written and a copy without the markers.
    project.write('unmarked.ts', source.replaceAll('// @ts-expect-error', '// (marker removed)'))
    project.write('tsconfig.check.json', JSON.stringify({ extends: './tsconfig.json', include: ['matchers.ts', 'unmarked.ts'] }))
    const unmarked = await project.tsc(['-p', 'tsconfig.check.json'])
    expect(unmarked.code).not.toBe(0)
    // An unused @ts-expect-error (a wrong call that compiles) would be reported in matchers.ts.
    expect(unmarked.output).not.toMatch(/^matchers\.ts\(/m)
    const errorLines = new Set([...unmarked.output.matchAll(/^unmarked\.ts\((\d+),\d+\): error TS\d+/gm)].map((m) => Number(m[1])))
    expect([...errorLines].sort((a, b) => a - b)).toEqual(marked)
    expect(unmarked.output).toContain("'tolerence' does not exist")
    expect(unmarked.output).toContain(`Type '"selekt"' is not assignable to type '"select" | "facts"'`)
    expect(unmarked.output).toContain("'repeat' does not exist in type 'InvariantSpec")
  }, 120_000)
})
