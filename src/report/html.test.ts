import { describe, expect, it } from 'vitest'
import { exampleStability } from './example-records.ts'
import { renderHtml } from './html.ts'
import { buildReport } from './model.ts'

describe('renderHtml', () => {
  const report = buildReport([
    { file: 'specs/a.spec.ts', name: ['stable'], state: 'passed', records: [exampleStability({ pass: true, outcome: 'stable', pValue: 1 })] },
    { file: 'specs/b.spec.ts', name: ['drifts <b>'], state: 'failed', records: [exampleStability({}, 3)] },
  ])
  const html = renderHtml(report)

  it('is one self-contained page: no external script, style, image or font', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true)
    expect(html).not.toMatch(/\b(src|href)="(https?:)?\/\//)
    expect(html).not.toMatch(/@import|url\(/)
  })

  it('puts failing tests first and escapes names', () => {
    expect(html.indexOf('data-test="specs/b.spec.ts &gt; drifts &lt;b&gt;"')).toBeLessThan(html.indexOf('data-test="specs/a.spec.ts &gt; stable"'))
    expect(html).not.toContain('drifts <b>')
  })

  it('draws per stability invariant the variants against the tolerance line and noise band, and the ripple with the first stage beyond noise marked', () => {
    const sections = html.split('<section class="invariant"').slice(1)
    expect(sections).toHaveLength(2)
    for (const s of sections) {
      expect(s.match(/<svg /g)).toHaveLength(2)
      expect(s).toContain('class="tolerance"')
      expect(s).toContain('class="noise"')
      expect(s).toContain('▼ first beyond noise')
    }
    expect(sections[0]!.match(/class="dot (good|bad)"/g)).toHaveLength(3 + 1)
  })

  it('summarises counts by outcome, failing first, model calls and cache use', () => {
    const cards = [...html.matchAll(/<div class="card (\w+)" data-outcome="(\w+)"><b>(\d+)<\/b>/g)].map((m) => `${m[3]} ${m[2]}`)
    expect(cards).toEqual(['1 unstable', '1 stable'])
    expect(html).toContain('<b>12</b>model calls')
    expect(html).toContain('<b>89%</b>stage results from cache (48 of 54)')
  })
})
