import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { copyFixture } from './fixture-project.ts'
import type { CommandResult, FixtureProject } from './fixture-project.ts'

// A butterfly matcher that nobody awaits must not let its test pass silently:
// Vitest only tracks unawaited resolves/rejects, so the matchers guard themselves.
describe('an unawaited butterfly matcher in a real Vitest run', () => {
  let project: FixtureProject
  let result: CommandResult

  beforeAll(async () => {
    project = copyFixture('stability')
    project.write('specs/unawaited.spec.ts', [
      "import { expect, it } from 'vitest'",
      "import { metrics, perturb } from 'vitest-butterfly'",
      "import { pipeline } from '../pipeline.ts'",
      "it('forgets to await a failing stability assertion', () => {",
      "  void expect(pipeline).toBeStableUnder(perturb.swap('candidates.set', 'b'), { stage: 'ranking', metric: metrics.top1(), tolerance: 0, repeats: 3 })",
      '})',
      "it('forgets to await a baseline check', () => {",
      "  void expect(pipeline).toMatchBaseline({ stages: ['ranking'] })",
      '})',
      '',
    ].join('\n'))
    result = await project.vitest(['run', 'specs/unawaited.spec.ts'])
  })
  afterAll(() => project?.remove())

  it('fails the tests, saying the assertion was not awaited and how to write it', () => {
    expect(result.code).toBe(1)
    expect(result.output).toContain('[butterfly] [toBeStableUnder] was not awaited: the test ended while the assertion was still running, so its verdict was lost; write `await expect(...).toBeStableUnder(...)`')
    expect(result.output).toContain('[butterfly] [toMatchBaseline] was not awaited')
    expect(result.output).toMatch(/2 failed/)
  })
})
