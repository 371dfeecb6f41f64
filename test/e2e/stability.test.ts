import { existsSync, rmSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ButterflyReport } from '../../src/report/model.ts'
import type { StabilityRecord } from '../../src/report/record.ts'
import { copyFixture } from './fixture-project.ts'
import type { CommandResult, FixtureProject } from './fixture-project.ts'

// Real Vitest on test/e2e/fixtures/stability: specs/stable.spec.ts holds
// invariants that are shown stable, specs/unstable.spec.ts one that holds
// with .not and two that fail (a winner change that is significant, and
// scores that drift only as much as their own noise floor: inconclusive,
// declared a failure with onInconclusive: 'fail').
describe('stability invariants in a real Vitest run', () => {
  let project: FixtureProject
  let full: CommandResult
  let fullMarkdown: string
  let fullJson: string

  beforeAll(async () => {
    project = copyFixture('stability')
    full = await project.vitest(['run'])
    fullMarkdown = project.read('butterfly-report.md')
    fullJson = project.read('butterfly-report.json')
  })
  afterAll(() => project?.remove())

  it('fails the run (exit 1) with a message that shows the outcome, p-value, bounds, α, reference, drift and ripple', () => {
    expect(full.code).toBe(1)
    const out = full.output
    expect(out).toContain('FAIL  specs/unstable.spec.ts > the winner stays the same when the candidate set changes')
    expect(out).toContain('under swap(candidates.set → b) at stage "ranking" to be stable, but it is UNSTABLE: the excess drift is significantly above the tolerance')
    expect(out).toContain('verdict    UNSTABLE: excess drift 1 [0.298, 1] (90% bounds) vs tolerance 0 · p = 0.031 · α 0.05 · reference independent-streams · 10 repeats')
    expect(out).toMatch(/exact one-sided McNemar test \(5 blocks changed only against the base, 0 only between base samples\)/)
    expect(out).toContain('drift per repeat [1, 1, 1, 1, 1, 1, 1, 1, 1, 1] · mean 1 · max 1 · per block: against base [1, 1, 1, 1, 1], base vs base [0, 0, 0, 0, 0]')
    expect(out).toMatch(/noise floor\s+base vs base over 5 disjoint pairs: mean 0, values \[0, 0, 0, 0, 0\]/)
    expect(out).toContain('drift first exceeded the noise floor at "candidates"')
    expect(out).toMatch(/candidates\s+jsonDiff\s+drift 0\.333\s+noise 0 \(≤ 0\)\s+\+0\.333 beyond noise\s+← first exceeds its noise floor/)
    expect(out).toMatch(/ranking\s+top1\s+drift 1\s+noise 0 \(≤ 0\)\s+\+1 beyond noise/)
    expect(out).toContain('winner alpha -> beta')
    expect(out).toContain('Reports     butterfly-report.md, butterfly-report.html, butterfly-report.json')
    // Drift equal to the stage's own run-to-run noise: the excess is 0, never called unstable; 3 repeats cannot bound it.
    expect(out).toContain("to be stable, but the test is inconclusive (onInconclusive: 'fail')")
    expect(out).toContain('verdict    inconclusive: excess drift 0 [-∞, ∞] (90% bounds) vs tolerance 0.001 · p = 1 · α 0.05')
    expect(out).toContain('sample 2 of 3 was not used (use an even number of repeats)')
    expect(out).toMatch(/Tests\s+2 failed \| 3 passed \(5\)/)
  })

  it('passes the run (exit 0) when every invariant holds, appending the report to $GITHUB_STEP_SUMMARY', async () => {
    project.write('step-summary.md', 'earlier step\n')
    const passing = await project.vitest(['run', 'specs/stable.spec.ts'], { GITHUB_STEP_SUMMARY: project.path('step-summary.md') })
    expect(passing.code).toBe(0)
    expect(passing.output).toMatch(/Tests\s+2 passed \(2\)/)
    expect(passing.output).toContain('✓ ranking · top1 · stable: excess drift 0 [-0.213, 0.213] (90% bounds) vs tolerance 0.25 · p = 1 · α 0.05 · reference independent-streams · 20 repeats')
    const summary = project.read('step-summary.md')
    expect(summary.startsWith('earlier step\n## 🦋 Butterfly report\n')).toBe(true)
    expect(summary).toContain('**2 tests: 2 passed, 0 failed**')
  })

  it("keeps Vitest's default reporter output, then adds the butterfly summary", () => {
    const out = full.output
    expect(out).toMatch(/✓ specs\/stable\.spec\.ts \(2 tests\)/)
    expect(out).toMatch(/❯ specs\/unstable\.spec\.ts \(3 tests \| 2 failed\)/)
    expect(out).toMatch(/Test Files\s+1 failed \| 1 passed \(2\)/)
    expect(out).toContain(' butterfly 5 assertions in 5 tests')
    expect(out).toContain('✗ scores · jsonDiff · inconclusive: excess drift 0 [-∞, ∞] (90% bounds) vs tolerance 0.001 · p = 1 · α 0.05 · reference independent-streams · 3 repeats')
    expect(out).toContain('✓ expected unstable · ranking · top1 · UNSTABLE: excess drift 1 [0.298, 1] (90% bounds)')
    expect(out.indexOf('Test Files')).toBeLessThan(out.indexOf(' butterfly 5 assertions'))
  })

  it('keeps a reporter given with --reporter on the command line', async () => {
    const dot = await project.vitest(['run', '--reporter=dot'])
    expect(dot.code).toBe(1)
    // The dot reporter prints one mark per test instead of the default per-file tree.
    expect(dot.output).toMatch(/^[·x]{5}$/m)
    expect(dot.output).not.toMatch(/✓ specs\/stable\.spec\.ts \(2 tests\)/)
    expect(dot.output).toMatch(/Tests\s+2 failed \| 3 passed \(5\)/)
    expect(dot.output).toContain(' butterfly 5 assertions in 5 tests')
  })

  it('writes a Markdown report with a table per invariant and the ripple per stage', () => {
    expect(fullMarkdown).toContain('## 🦋 Butterfly report')
    expect(fullMarkdown).toContain('**5 tests: 3 passed, 2 failed** · 5 assertions')
    expect(fullMarkdown).toContain('### ❌ specs/unstable.spec.ts > the winner stays the same when the candidate set changes')
    expect(fullMarkdown).toContain('**❌ unstable** · excess drift 1 [0.298, 1] (90% bounds) vs tolerance 0 · p = 0.031 · α 0.05 · reference independent-streams · 10 repeats')
    expect(fullMarkdown).toContain('| candidates.set a → b | 1, 1, 1, 1, 1, 1, 1, 1, 1, 1 | 1 | independent-streams | 1 [0.298, 1] (90% bounds) | p = 0.031 (p = 0.031) |')
    expect(fullMarkdown).toContain('Ripple across stages (drift first exceeds its noise floor at `candidates`):')
    expect(fullMarkdown).toContain('| candidates | jsonDiff | 0.333 | 0 (0) | ⚠️ first |')
  })

  it('writes a JSON report following docs/report-schema.md', () => {
    const report = JSON.parse(fullJson) as ButterflyReport
    expect(report.schema).toBe('vitest-butterfly/report')
    expect(report.version).toBe(2)
    expect(report.summary).toMatchObject({ tests: 5, passed: 3, failed: 2, assertions: 5 })
    expect(report.tests.map((t) => `${t.file} > ${t.name.join(' > ')} [${t.state}]`)).toEqual([
      'specs/stable.spec.ts > the winner stays the same under ±0.02 noise [passed]',
      'specs/stable.spec.ts > the ranking barely moves under more noise [passed]',
      'specs/unstable.spec.ts > the winner stays the same when the candidate set changes [failed]',
      'specs/unstable.spec.ts > the winner changes when the candidate set changes (.not) [passed]',
      'specs/unstable.spec.ts > scores stay within 0.001 under ±0.02 noise [failed]',
    ])
    const negated = report.tests[3]!.records[0] as StabilityRecord
    expect(negated).toMatchObject({ kind: 'stability', pass: false, negated: true, stage: 'ranking', outcome: 'unstable', pValue: 1 / 32, alpha: 0.05, reference: 'independent-streams', repeats: 10 })
    const scores = report.tests[4]!.records[0] as StabilityRecord
    expect(scores).toMatchObject({ outcome: 'inconclusive', pass: false, tolerance: 0.001, onInconclusive: 'fail', effect: { lower: null, upper: null } })
    expect(scores.noiseFloor).toMatchObject({ mean: 0.5, n: 1, measured: true })
    expect(scores.variants.map((v) => v.id)).toEqual(['scoring.noise=0.03', 'scoring.noise=0.07'])
  })

  it('says what the runs did: a cold run executes stages, a warm rerun only reads the cache', async () => {
    // 5 sweeps: 2 of 3 variants × 20 samples, 2 of 2 × 10 (one shared, counted once), 1 of 3 × 3: 169 runs of 3 stages.
    const cold = (JSON.parse(fullJson) as ButterflyReport).summary.execution
    expect(cold.runs).toBe(169)
    expect(cold.executed).toBeGreaterThan(0)
    expect(cold.executed + cold.cached).toBe(507)
    const warm = await project.vitest(['run'])
    expect(warm.code).toBe(1)
    const report = JSON.parse(project.read('butterfly-report.json')) as ButterflyReport
    expect(report.summary.execution).toEqual({ runs: 169, executed: 0, cached: 507, failed: 0, skipped: 0, modelCalls: 0 })
    expect(report.tests[0]!.records[0]).toMatchObject({ execution: { runs: 60, executed: 0, cached: 180, modelCalls: 0 } })
    expect(project.read('butterfly-report.md')).toContain('· 5 assertions · 169 runs · stages: 0 executed, 507 cached · 0 model calls\n')
    expect(warm.output).toContain('Runs        169 runs · stages: 0 executed, 507 cached · 0 model calls')
  })

  it('gives the same Markdown and JSON from two blob shards merged as from the unsharded run', async () => {
    // The reports say which stages ran and which came from the cache, so both
    // sides start from the same cache: the one the earlier runs filled.
    const unsharded = await project.vitest(['run'])
    expect(unsharded.code).toBe(1)
    const markdown = project.read('butterfly-report.md')
    const json = project.read('butterfly-report.json')
    expect(markdown).toContain('stages: 0 executed, 507 cached')
    rmSync(project.path('.vitest-reports'), { recursive: true, force: true })
    rmSync(project.path('butterfly-report.md'))
    rmSync(project.path('butterfly-report.json'))
    const shards = await Promise.all([1, 2].map((i) => project.vitest(['run', `--shard=${i}/2`, '--reporter=blob'])))
    expect(shards.map((s) => s.code).sort()).toEqual([0, 1])
    // Shards leave the reports to the merge.
    expect(existsSync(project.path('butterfly-report.md'))).toBe(false)
    const merged = await project.vitest(['run', '--merge-reports'])
    expect(merged.code).toBe(1)
    expect(project.read('butterfly-report.md')).toBe(markdown)
    expect(project.read('butterfly-report.json')).toBe(json)
    expect(merged.output).toContain(' butterfly 5 assertions in 5 tests')
  })
})
