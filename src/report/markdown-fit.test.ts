import { describe, expect, it } from 'vitest'
import { renderMarkdown } from './markdown.ts'
import { buildReport } from './model.ts'
import type { ReportTest } from './model.ts'
import { exampleStability } from './example-records.ts'

// A generated suite: 200 invariants over 200 tests, every 7th failing, every 11th inconclusive (latency), with long labels.
function suite(n: number): ReportTest[] {
  return Array.from({ length: n }, (_, i): ReportTest => {
    const failing = i % 7 === 3
    const name = ['invariants of a rather long describe block name', `invariant number ${i} holds under a jitter of the sampling parameters`]
    if (i % 11 === 5) {
      return {
        file: `specs/s${i % 9}.spec.ts`, name, state: 'passed', records: [{
          kind: 'latency', pipeline: 'p', stage: 'extract', file: `s.spec.ts/${i}.latency`, status: 'inconclusive', written: false, pass: true, negated: false,
          statistic: 'median', confidence: 0.95, limit: 1.2, ratio: 1.1, ci: [0.9, 1.4], current: 11, baseline: 10, machine: { current: 'cpu x2, Node v20', baseline: 'cpu x2, Node v20' },
        }],
      }
    }
    return { file: `specs/s${i % 9}.spec.ts`, name, state: failing ? 'failed' : 'passed', records: [exampleStability(failing ? {} : { pass: true, outcome: 'stable', pValue: 1 }, 12)] }
  })
}

describe('compact Markdown', () => {
  it('keeps a generated 200-invariant suite under 60,000 characters, failures first, then inconclusive, passing collapsed', () => {
    const report = buildReport(suite(200))
    const full = renderMarkdown(report, { style: 'full' })
    const md = renderMarkdown(report, { fullReport: ['butterfly-report.html'] })
    expect(full.length).toBeGreaterThan(60_000)
    expect(md.length).toBeLessThanOrEqual(60_000)
    const firstFail = md.indexOf('### ❌')
    const firstLook = md.indexOf('### ⚠️')
    expect(firstFail).toBeGreaterThan(0)
    // Every failing section comes before any section that merely needs a look.
    expect(md.lastIndexOf('### ❌')).toBeLessThan(firstLook === -1 ? Infinity : firstLook)
    const cut = /> ✂️ (\d+) tests of 200 left out to keep this under 60,000 characters; the full report is in `butterfly-report.html`\.\n$/.exec(md)
    expect(cut).not.toBeNull()
    const shown = (md.match(/^### /gm) ?? []).length + (md.match(/^- [✅⏭]/gmu) ?? []).length
    expect(shown + Number(cut![1])).toBe(200)
  })

  it('shows every test when it fits: failures in full, passing tests one line each in a closed <details>', () => {
    const report = buildReport(suite(20))
    const md = renderMarkdown(report)
    expect(md).not.toContain('✂️')
    expect(md).toMatch(/<details><summary>✅ \d+ passing tests<\/summary>\n\n- ✅ specs\//)
    expect((md.match(/^### ❌/gm) ?? []).length).toBe(3)
    expect(md.indexOf('### ❌')).toBeLessThan(md.indexOf('<details>'))
    expect(md.indexOf('</details>')).toBeGreaterThan(md.lastIndexOf('- ✅'))
  })

  it('full style: every section in full, not cut', () => {
    const md = renderMarkdown(buildReport(suite(200)), { style: 'full' })
    expect(md).not.toContain('✂️')
    expect((md.match(/^### /gm) ?? []).length).toBe(200)
  })

  it("marks the ripple's first stage beyond noise with a warning only when the invariant failed", () => {
    const md = renderMarkdown(buildReport([
      { file: 'f', name: ['holds'], state: 'passed', records: [exampleStability({ pass: true, outcome: 'stable', pValue: 1 })] },
    ]), { style: 'full' })
    expect(md).toContain('| score | numeric | 0.2 | 0.01 (0.02) | first |')
  })
})
