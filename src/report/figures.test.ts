import { describe, expect, it } from 'vitest'
import { exampleStability } from './example-records.ts'
import { chartFigures, invariantOutcome } from './figures.ts'
import { renderHtml } from './html.ts'
import { renderMarkdown } from './markdown.ts'
import { buildReport } from './model.ts'

const undecided = exampleStability({
  outcome: 'inconclusive', pass: true, pValue: 0.21, tolerance: 0.1, effect: { estimate: 0.04, lower: -0.02, upper: null, confidence: 0.9 },
})
undecided.variants[0]!.effect = { estimate: 0.04, lower: -0.02, upper: null, confidence: 0.9 }

describe('figures', () => {
  it('words and ranks each outcome: failures, then results that need a look, then passes', () => {
    expect(invariantOutcome(undecided)).toEqual({ word: 'inconclusive', rank: 1 })
    expect(invariantOutcome(exampleStability({ outcome: 'vacuous', pass: true }))).toEqual({ word: 'vacuous', rank: 1 })
    expect(invariantOutcome(exampleStability())).toEqual({ word: 'unstable', rank: 0 })
    expect(invariantOutcome(exampleStability({ outcome: 'stable', pass: true }))).toEqual({ word: 'stable', rank: 2 })
    // .not asserts unstable: an unstable outcome passes it.
    expect(invariantOutcome(exampleStability({ negated: true }))).toEqual({ word: 'unstable', rank: 2 })
    expect(invariantOutcome(exampleStability({ reported: true }))).toEqual({ word: 'unstable', rank: 1 })
    // Unstable alone, inconclusive after the suite-wide adjustment: the adjusted outcome decides.
    expect(invariantOutcome(exampleStability({ pass: true, suite: { method: 'holm', family: 30, adjustedPValue: 0.9, outcome: 'inconclusive' } }))).toEqual({ word: 'inconclusive', rank: 1 })
  })

  it('draws the excess drift with its one-sided bounds (an open bound stays open) against the tolerance', () => {
    const f = chartFigures(undecided)
    expect(f.tolerance).toBe(0.1)
    expect(f.variants[0]).toMatchObject({ word: 'inconclusive', failed: false, drift: 2 / 3, compared: { estimate: 0.04, lower: -0.02, upper: null, what: 'excess drift' } })
    expect(f.noise).toEqual({ mean: 0, lower: 0, upper: 0 })
  })

  it('puts an inconclusive result before passing ones in the Markdown and the HTML, with its p-value and α', () => {
    const report = buildReport([
      { file: 'a', name: ['holds'], state: 'passed', records: [exampleStability({ outcome: 'stable', pass: true, pValue: 1 })] },
      { file: 'b', name: ['undecided'], state: 'passed', records: [undecided] },
    ])
    const md = renderMarkdown(report)
    expect(md.indexOf('### ⚠️ b > undecided')).toBeGreaterThan(0)
    expect(md.indexOf('### ⚠️ b > undecided')).toBeLessThan(md.indexOf('<details>'))
    const html = renderHtml(report)
    expect(html.indexOf('data-test="b &gt; undecided"')).toBeLessThan(html.indexOf('data-test="a &gt; holds"'))
    expect(html).toContain('p = 0.21 · α 0.05')
    expect(html).toContain('<span class="badge r1">inconclusive</span>')
    expect(html).toContain('<line class="whisker warn"')
    expect(html).toContain('stroke-dasharray="4 3"')
  })
})
