import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { copyFixture } from './fixture-project.ts'
import type { FixtureProject } from './fixture-project.ts'

// A sweep of 3 variants × 4 repeats whose one stochastic stage takes 300 ms,
// one run at a time: about 4 s, longer than the 2 s after which progress shows.
const SLOW_SPEC = `import { expect, it } from 'vitest'
import { z } from 'zod'
import { definePipeline, defineStage, metrics, perturb } from 'vitest-butterfly'

const slow = defineStage({
  name: 'slow',
  params: (p: { delay: number }) => p,
  stochastic: true,
  output: z.number(),
  run: async ({ params }) => { await new Promise((r) => setTimeout(r, params.delay)); return 1 },
})
const pipeline = definePipeline({ name: 'slow', params: z.object({ delay: z.number().default(300) }), stages: [slow] })

it('a long sweep', async () => {
  await expect(pipeline).toBeStableUnder(perturb.jitter('delay', 1), { stage: 'slow', metric: metrics.numeric(), tolerance: 1, repeats: 4, cache: false, concurrency: 1 })
})
`

// The same sweep, as a checkStability() called in the test.
const CHECK_SPEC = SLOW_SPEC
  .replace("import { definePipeline, defineStage, metrics, perturb } from 'vitest-butterfly'", "import { checkStability, definePipeline, defineStage, metrics, perturb } from 'vitest-butterfly'")
  .replace(/it\('a long sweep'[\s\S]*$/, `it('a long check', async () => {
  const verdict = await checkStability(pipeline, perturb.jitter('delay', 1), { stage: 'slow', metric: metrics.numeric(), tolerance: 1, repeats: 4, cache: false, concurrency: 1 })
  expect(verdict.outcome).toBe('stable')
})
`)

describe('progress of a long sweep in a real Vitest run', () => {
  let project: FixtureProject
  beforeAll(() => {
    project = copyFixture('stability')
    project.write('specs/slow.spec.ts', SLOW_SPEC)
    project.write('specs/check.spec.ts', CHECK_SPEC)
  })
  afterAll(() => project?.remove())

  it('prints runs done / total, stages, model calls and an ETA on stderr (CI logs: after 2 s, then every 10 s)', async () => {
    const run = await project.vitest(['run', 'specs/slow.spec.ts'])
    expect(run.code).toBe(0)
    expect(run.stderr).toMatch(/🦋 sweep of "slow": \d+\/12 runs · stages \d+ executed, 0 cached · 0 model calls · \d+s · ETA \d+s/)
    expect(run.stderr.match(/🦋 sweep of/g)).toHaveLength(1)
  })

  it('also for a checkStability() called in a test', async () => {
    const run = await project.vitest(['run', 'specs/check.spec.ts'])
    expect(run.code).toBe(0)
    expect(run.stderr).toMatch(/🦋 sweep of "slow": \d+\/12 runs · stages \d+ executed, 0 cached · 0 model calls · \d+s · ETA \d+s/)
  })

  it('on a terminal: one line with a bar in Vitest\'s summary window, redrawn in place, gone at the end', async (ctx) => {
    const running = project.vitestInTerminal(['run', 'specs/slow.spec.ts'])
    if (!running) return ctx.skip('util-linux `script` is not installed: no pseudo-terminal to run Vitest on')
    const run = await running
    expect(run.code).toBe(0)
    // Vitest's window redraws with carriage returns and cursor moves (up, erase line, column): split the
    // stream where the terminal would, so text written after a cursor move is not glued to the line before.
    const frames = run.stdout
      // eslint-disable-next-line no-control-regex
      .replace(/\u001B\[[0-9;?]*[ABEFGHJK]/g, '\n')
      // eslint-disable-next-line no-control-regex
      .replace(/\u001B\[[0-9;?]*[A-Za-z]/g, '')
      .split(/\r|\n/).filter((l) => l.includes('🦋 sweep of'))
    expect(frames.length).toBeGreaterThanOrEqual(1)
    for (const frame of frames) expect(frame).toMatch(/^🦋 sweep of "slow": [█░]{20} \d+\/12 runs · stages \d+ executed, 0 cached · 0 model calls · \d+s · ETA \d+s$/)
    // Relayed, not printed: no worker line on stderr, no relay message in any output, and the last screen is Vitest's summary.
    expect(run.stdout).not.toContain('butterfly-progress')
    const end = run.stdout.slice(run.stdout.lastIndexOf('Test Files'))
    expect(end).not.toContain('🦋 sweep of')
    expect(end).toContain('1 passed')
  })

  it('is silent under --reporter=dot', async () => {
    const run = await project.vitest(['run', 'specs/slow.spec.ts', '--reporter=dot'])
    expect(run.code).toBe(0)
    expect(run.output).not.toContain('🦋 sweep of')
  })
})
