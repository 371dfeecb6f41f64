import { describe, expect, it } from 'vitest'
import { exampleStability } from './example-records.ts'
import { invariantOutcome, stabilityFigures, testedFigures } from './figures.ts'
import { renderHtml } from './html.ts'
import { renderMarkdown } from './markdown.ts'
import { buildReport } from './model.ts'
import type { StabilityRecord } from './record.ts'

// A record as the tested verdict writes it: outcome, p-value, α, the excess drift with one-sided bounds, a numeric tolerance.
const tested = (outcome: string, pass: boolean): StabilityRecord => ({
  ...exampleStability({ pass }),
  outcome, pValue: 0.21, alpha: 0.05, tolerance: 0.1,
  effect: { estimate: 0.04, lower: -0.02, upper: null, confidence: 0.9 },
  variants: [{ ...exampleStability().variants[0]!, outcome, effect: { estimate: 0.04, lower: -0.02, upper: null, confidence: 0.9 } }],
} as unknown as StabilityRecord)

describe('figures', () => {
  it('reads the tested outcome when a record has one, else maps pass to stable / unstable', () => {
    expect(invariantOutcome(tested('inconclusive', true))).toEqual({ word: 'inconclusive', rank: 1 })
    expect(invariantOutcome(tested('vacuous', true))).toEqual({ word: 'vacuous', rank: 1 })
    expect(invariantOutcome(tested('unstable', false))).toEqual({ word: 'unstable', rank: 0 })
    expect(invariantOutcome(exampleStability({ pass: true }))).toEqual({ word: 'stable', rank: 2 })
    expect(invariantOutcome(exampleStability({ pass: false }))).toEqual({ word: 'unstable', rank: 0 })
    expect(invariantOutcome(exampleStability({ pass: false, reported: true }))).toEqual({ word: 'unstable', rank: 1 })
    expect(testedFigures(tested('stable', true))).toEqual({ pValue: 0.21, alpha: 0.05 })
  })

  it('draws the excess drift with its bounds (an open bound stays open) against a numeric tolerance', () => {
    const f = stabilityFigures(tested('inconclusive', true))
    expect(f.tolerance).toBe(0.1)
    expect(f.variants[0]).toMatchObject({ word: 'inconclusive', failed: false, compared: { estimate: 0.04, lower: -0.02, upper: null, what: 'excess drift' } })
    const old = stabilityFigures(exampleStability({}, 1))
    expect(old.variants[0]).toMatchObject({ word: 'exceeds', failed: true, compared: { estimate: 2 / 3, lower: 0, upper: 1, what: 'drift' } })
    expect(old.noise).toEqual({ mean: 1 / 3, lower: 0, upper: 1 })
  })

  it('puts an inconclusive result before passing ones in the Markdown and the HTML, with its p-value', () => {
    const report = buildReport([
      { file: 'a', name: ['holds'], state: 'passed', records: [exampleStability({ pass: true })] },
      { file: 'b', name: ['undecided'], state: 'passed', records: [tested('inconclusive', true)] },
    ])
    const md = renderMarkdown(report)
    expect(md.indexOf('### ⚠️ b > undecided')).toBeGreaterThan(0)
    expect(md.indexOf('### ⚠️ b > undecided')).toBeLessThan(md.indexOf('<details>'))
    const html = renderHtml(report)
    expect(html.indexOf('data-test="b &gt; undecided"')).toBeLessThan(html.indexOf('data-test="a &gt; holds"'))
    expect(html).toContain('p = 0.21 · α 0.05')
    expect(html).toContain('<span class="badge r1">inconclusive</span>')
  })
})
