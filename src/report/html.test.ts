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

  it('shows where a baseline drift lives: own vs total drift per stage', () => {
    const page = renderHtml(buildReport([{
      file: 'f', name: ['drifted'], state: 'failed', records: [{
        kind: 'baseline', pipeline: 'p', file: 'f/d.json', status: 'drifted', written: false, pass: false, negated: false, repeats: 1,
        stages: [{ stage: 'facts', status: 'exceeded', tolerance: 0, statistic: 'max', observed: 0.5, metric: { name: 'jsonDiff', describe: 'd' }, drift: null, noiseFloor: null, changed: ['$.a'] }],
        execution: { runs: 1, executed: 1, cached: 0, failed: 0, skipped: 0, modelCalls: 0 },
        attribution: [{ stage: 'extract', status: 'source', own: 0.4, total: 0.4, tolerance: 0, statistic: 'max' }, { stage: 'facts', status: 'passed-on', own: 0, total: 0.5 }],
      }],
    }]))
    expect(page).toContain('<tr><td><code>extract</code></td><td>source</td><td>0.4</td><td>0.4</td><td>max ≤ 0</td><td></td></tr>')
    expect(page).toContain('<td><code>facts</code></td><td>passed-on</td><td>0</td><td>0.5</td><td>n/a</td>')
  })
})
