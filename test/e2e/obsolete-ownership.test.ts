import { existsSync, mkdirSync, readdirSync } from 'node:fs'
import { afterAll, describe, expect, it } from 'vitest'
import type { ButterflyReport } from '../../src/report/model.ts'
import { copyFixture } from './fixture-project.ts'
import type { FixtureProject } from './fixture-project.ts'

const TIMEOUT = 240_000
const FACTS = 'baseline.spec.ts/facts__facts-and-winner-match-the-reviewed-baseline.json'
const VOTES = 'baseline.spec.ts/votes-3-stay-put-over-3-samples.json'
const OTHER = 'other.spec.ts/winner-of-the-other-suite.json'

const projects: FixtureProject[] = []
afterAll(() => {
  for (const p of projects) p.remove()
})

function baselines(fixture: FixtureProject): string[] {
  const dir = fixture.path('snapshots')
  if (!existsSync(dir)) return []
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => `${e.parentPath.slice(dir.length + 1)}/${e.name}`).sort()
}

const report = (fixture: FixtureProject): ButterflyReport => JSON.parse(fixture.read('butterfly-report.json')) as ButterflyReport

describe('-u removes only the baselines this run\'s spec files own, and names each', () => {
  it('two configs with different include folders never delete each other\'s baselines', async () => {
    const fixture = copyFixture('baselines')
    projects.push(fixture)
    expect((await fixture.vitest(['run'])).code).toBe(0)
    expect(baselines(fixture)).toEqual([FACTS, VOTES])

    // A second config over another folder, whose only spec file fails to load.
    fixture.write('other.config.ts', fixture.read('vitest.config.ts').replace("include: ['specs/**/*.spec.ts']", "include: ['other/**/*.spec.ts']"))
    mkdirSync(fixture.path('other'))
    fixture.write('other/other.spec.ts', "import { missing } from './nowhere.ts'\nimport { it } from 'vitest'\nit('never runs', () => missing())\n")
    const broken = await fixture.vitest(['run', '-c', 'other.config.ts', '-u'])
    expect(broken.code).not.toBe(0)
    expect(broken.output).not.toContain('Removed')
    expect(baselines(fixture)).toEqual([FACTS, VOTES])

    fixture.write('other/other.spec.ts', [
      "import { expect, it } from 'vitest'",
      "import { pipeline } from '../pipeline.ts'",
      "it('winner of the other suite', async () => {",
      "  await expect(pipeline).toMatchBaseline({ stages: ['winner'] })",
      '})',
      '',
    ].join('\n'))
    const other = await fixture.vitest(['run', '-c', 'other.config.ts', '-u'])
    expect(other.code, other.output).toBe(0)
    expect(baselines(fixture)).toEqual([FACTS, VOTES, OTHER])
    const first = await fixture.vitest(['run', '-u'])
    expect(first.code, first.output).toBe(0)
    expect(baselines(fixture)).toEqual([FACTS, VOTES, OTHER])
    expect(report(fixture).removed).toEqual([])
  }, TIMEOUT)

  it('lists every file -u removes in the console and the reports; a filtered run says so', async () => {
    const fixture = copyFixture('baselines')
    projects.push(fixture)
    expect((await fixture.vitest(['run'])).code).toBe(0)
    fixture.edit('specs/baseline.spec.ts', 'votes ±3 stay/put', 'votes stay put')
    const update = await fixture.vitest(['run', '-u'])
    expect(update.code, update.output).toBe(0)
    expect(update.output).toMatch(/Removed +1 obsolete baseline file \(-u\):\n\s+snapshots\/baseline\.spec\.ts\/votes-3-stay-put-over-3-samples\.json/)
    expect(report(fixture).removed).toEqual([`snapshots/${VOTES}`])
    expect(fixture.read('butterfly-report.md')).toContain(`### Removed obsolete baselines`)

    const filtered = await fixture.vitest(['run', 'specs/baseline.spec.ts', '-t', 'facts'])
    expect(filtered.code, filtered.output).toBe(0)
    expect(filtered.output).toMatch(/Filtered +files specs\/baseline\.spec\.ts, -t "facts": this summary and the reports cover only the tests that ran/)
    expect(report(fixture).filtered).toEqual({ files: ['specs/baseline.spec.ts'], testNamePattern: 'facts' })
    expect(fixture.read('butterfly-report.md')).toContain('> A filtered run (files specs/baseline.spec.ts, -t "facts")')
  }, TIMEOUT)
})
