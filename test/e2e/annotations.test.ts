import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { copyFixture } from './fixture-project.ts'
import type { CommandResult, FixtureProject } from './fixture-project.ts'

// Two invariants declared by invariants() (one stable, one unstable) inside a
// describe, and one plain assertion: line numbers are this text's.
const SPEC = `import { describe, expect, it } from 'vitest'
import { metrics, perturb } from 'vitest-butterfly'
import { invariants } from 'vitest-butterfly/vitest'
import { pipeline } from '../pipeline.ts'

describe('declared', () => {
  invariants(pipeline, {
    'the ranking barely moves under more noise': {
      under: perturb.jitter('scoring.noise', 0.02), stage: 'ranking', metric: metrics.kendallTau(), tolerance: 0.5, repeats: 20,
    },
    'the winner stays under a candidate swap': {
      under: perturb.swap('candidates.set', 'b'), stage: 'ranking', metric: metrics.top1(), tolerance: 0, repeats: 10,
    },
  })
})

it('the winner stays the same under ±0.02 noise', async () => {
  await expect(pipeline).toBeStableUnder(perturb.jitter('scoring.noise', 0.02), {
    stage: 'ranking', metric: metrics.top1(), tolerance: 0.25, repeats: 20,
  })
})
`

// Real Vitest with its own github-actions reporter, as on GitHub Actions.
describe("annotations in Vitest's github-actions reporter", () => {
  let project: FixtureProject
  let run: CommandResult
  beforeAll(async () => {
    project = copyFixture('stability')
    project.write('specs/declared.spec.ts', SPEC)
    run = await project.vitest(['run', 'specs/declared.spec.ts', '--reporter=default', '--reporter=github-actions'], { GITHUB_ACTIONS: 'true' })
  })
  afterAll(() => project?.remove())

  it('locates an invariants() test at the line that declared it, an assertion at its own line', () => {
    expect(run.code).toBe(1)
    const file = project.path('specs/declared.spec.ts')
    const lines = run.stdout.split('\n').filter((l) => l.startsWith('::'))
    const at = (line: number) => lines.filter((l) => l.includes(`file=${file},line=${line},`))
    // Both invariants() tests: line 7, where invariants() is called.
    expect(at(7)).toEqual([
      expect.stringMatching(/^::notice file=.*,line=7,column=\d+::🦋 ranking · kendallTau · stable: excess drift /),
      expect.stringMatching(/^::error file=.*,line=7,column=\d+::🦋 ranking · top1 · UNSTABLE: excess drift /),
    ])
    // The plain assertion: the line of its expect.
    expect(at(18)).toContainEqual(expect.stringMatching(/^::notice file=.*,line=18,column=\d+::🦋 ranking · top1 · stable: /))
    // Vitest's own annotation of the failed test, and its code frame in the failure output: the declaring line too.
    expect(lines.filter((l) => l.startsWith(`::error file=${file},title=specs/declared.spec.ts > declared > the winner stays under a candidate swap,line=7,`))).toHaveLength(1)
    expect(run.stdout).toMatch(/❯ specs\/declared\.spec\.ts:7:\d+/)
  })
})
