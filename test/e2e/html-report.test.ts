import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ButterflyReport } from '../../src/report/model.ts'
import { NO_CHROMIUM, chromiumPath, launchChromium } from '../support/chromium.ts'
import { copyFixture } from './fixture-project.ts'
import type { CommandResult, FixtureProject } from './fixture-project.ts'

// Screenshots are kept here (git-ignored) as the test's artifact.
const artifacts = fileURLToPath(new URL('./.artifacts/', import.meta.url))

const BASELINE_SPEC = `import { expect, it } from 'vitest'
import { pipeline } from '../pipeline.ts'

it('ranks as reviewed', async () => {
  await expect(pipeline).toMatchBaseline({ repeats: 3, tolerance: 0.5 })
})
`

const REPORTED_SPEC = `import { expect, it } from 'vitest'
import { metrics, perturb, sweep } from 'vitest-butterfly'
import { report } from 'vitest-butterfly/vitest'
import { pipeline } from '../pipeline.ts'

it('measures the winner under a candidate swap', async () => {
  const result = await sweep(pipeline, { perturbations: [perturb.swap('candidates.set', 'b')], repeats: 10 })
  const record = await report(result, { stage: 'ranking', metric: metrics.top1(), tolerance: 0 })
  expect(record.reported).toBe(true)
})
`

// Real Vitest on the stability fixture (stable, unstable and .not invariants)
// plus a baseline check; then the HTML report in a real headless Chromium.
describe('the HTML report in a real browser', () => {
  const exe = chromiumPath()
  let project: FixtureProject
  let run: CommandResult
  let report: ButterflyReport

  beforeAll(async () => {
    project = copyFixture('stability')
    project.write('specs/baseline.spec.ts', BASELINE_SPEC)
    project.write('specs/reported.spec.ts', REPORTED_SPEC)
    run = await project.vitest(['run'])
    report = JSON.parse(project.read('butterfly-report.json')) as ButterflyReport
  })
  afterAll(() => project?.remove())

  it('is written next to the Markdown and named with the other reports', () => {
    expect(run.code).toBe(1)
    expect(run.output).toContain('Reports     butterfly-report.md, butterfly-report.html, butterfly-report.json')
    expect(project.read('butterfly-report.md')).toContain('## 🦋 Butterfly report')
  })

  it('reports a measurement made with report() inside a test, without failing it', () => {
    expect(run.output).toMatch(/✓ specs\/reported\.spec\.ts \(1 test\)/)
    const test = report.tests.find((t) => t.file === 'specs/reported.spec.ts')!
    expect(test.state).toBe('passed')
    expect(test.records).toMatchObject([{ kind: 'stability', reported: true, pass: false, stage: 'ranking' }])
    expect(report.summary.failed).toBe(2)
  })

  it('opens with no console error, every invariant and its charts rendered, sortable tables; keeps a screenshot', async (ctx) => {
    if (!exe) return ctx.skip(NO_CHROMIUM)
    const { context, close } = await launchChromium(exe)
    try {
      const page = await context.newPage()
      const problems: string[] = []
      const requests: string[] = []
      page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`) })
      page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`))
      page.on('request', (r) => { if (!r.url().startsWith('file:')) requests.push(r.url()) })
      await page.goto(pathToFileURL(project.path('butterfly-report.html')).href)

      const records = report.tests.flatMap((t) => t.records)
      const sections = page.locator('section.invariant')
      expect(await sections.count()).toBe(records.length)
      const stability = records.filter((r) => r.kind === 'stability').length
      expect(stability).toBe(6)
      // Every stability invariant: the variants chart and the ripple chart, drawn with a real size.
      const charts = await page.$$eval('section.invariant[data-kind="stability"]', (els) => els.map((el) => [...el.querySelectorAll('svg.chart')].map((svg) => {
        const box = svg.getBoundingClientRect()
        return { shapes: svg.querySelectorAll('rect,circle,line').length, width: box.width, height: box.height }
      })))
      expect(charts).toHaveLength(stability)
      for (const pair of charts) {
        expect(pair).toHaveLength(2)
        for (const c of pair) {
          expect(c.shapes).toBeGreaterThan(3)
          expect(c.width).toBeGreaterThan(100)
          expect(c.height).toBeGreaterThan(50)
        }
      }
      // The failing winner change comes first; the summary counts it.
      expect(await page.locator('article').first().getAttribute('data-test')).toContain('unstable.spec.ts')
      expect(await page.locator('.card[data-outcome="unstable"] b').textContent()).toBe('1')
      expect(await page.locator('.card[data-outcome="inconclusive"] b').textContent()).toBe('1')
      expect(await page.locator('.card[data-outcome="unstable (reported)"] b').textContent()).toBe('1')
      // The ripple marks where drift first exceeds noise.
      expect(await page.locator('svg .first-mark').count()).toBeGreaterThan(0)
      // The baseline check with its stages.
      expect(await page.locator('section.invariant[data-kind="baseline"] tbody tr').count()).toBe(3)
      // Sorting the overview by outcome puts the failures (rank 0) first, then reverses.
      const overview = page.locator('details table.sortable').first()
      await overview.locator('th', { hasText: 'outcome' }).click()
      expect(await overview.locator('tbody tr').first().locator('.badge').getAttribute('class')).toBe('badge r0')
      await overview.locator('th', { hasText: 'outcome' }).click()
      expect(await overview.locator('tbody tr').last().locator('.badge').getAttribute('class')).toBe('badge r0')
      expect(await overview.locator('tbody tr').first().locator('.badge').getAttribute('class')).toBe('badge r2')

      mkdirSync(artifacts, { recursive: true })
      await page.screenshot({ path: join(artifacts, 'html-report.png'), fullPage: true })
      expect(problems).toEqual([])
      expect(requests).toEqual([])
    } finally {
      await close()
    }
  })

  it("annotates each invariant's outcome and figures on its test, which Vitest's GitHub Actions reporter writes", async () => {
    const gh = await project.vitest(['run', 'specs/stable.spec.ts', 'specs/unstable.spec.ts', '--reporter=github-actions'])
    // GitHub's workflow commands escape % as %25.
    expect(gh.stdout).toMatch(/::notice file=.*stable\.spec\.ts,line=\d+,.*::🦋 ranking · top1 · stable: excess drift 0 \[-0\.213, 0\.213\] \(90%25 bounds\)/)
    expect(gh.stdout).toMatch(/::error file=.*unstable\.spec\.ts,line=\d+,.*::🦋 ranking · top1 · UNSTABLE: excess drift 1 \[0\.298, 1\] \(90%25 bounds\) vs tolerance 0 · p = 0\.031/)
    expect(gh.stdout).toMatch(/::notice file=.*unstable\.spec\.ts,line=\d+,.*::🦋 expected unstable · ranking/)
  })
})
