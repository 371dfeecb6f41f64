import { describe, expect, it } from 'vitest'
import { resolveButterflyOptions, specRootOf } from './options.ts'

describe('specRootOf', () => {
  it('is the directory every include glob starts in', () => {
    expect(specRootOf('/repo', ['specs/**/*.spec.ts'])).toBe('/repo/specs')
    expect(specRootOf('/repo', ['./specs/a/*.spec.ts', 'specs/a/b/**/*.spec.ts'])).toBe('/repo/specs/a')
  })

  it('is the root when the globs share no directory or start with a pattern', () => {
    expect(specRootOf('/repo', ['src/**/*.test.ts', 'test/**/*.test.ts'])).toBe('/repo')
    expect(specRootOf('/repo', ['**/*.spec.ts'])).toBe('/repo')
    expect(specRootOf('/repo', ['{a,b}/*.spec.ts'])).toBe('/repo')
    expect(specRootOf('/repo', [])).toBe('/repo')
  })
})

describe('resolveButterflyOptions', () => {
  it('fills in the defaults relative to the root', () => {
    const r = resolveButterflyOptions({}, '/repo')
    expect(r).toMatchObject({
      root: '/repo', specRoot: '/repo', snapshotDir: '/repo/snapshots', obsolete: 'report', multipleComparisons: 'holm',
      report: { markdown: '/repo/butterfly-report.md', json: '/repo/butterfly-report.json', githubSummary: true, console: true },
    })
  })

  it('keeps absolute paths and false outputs', () => {
    const r = resolveButterflyOptions({ cacheDir: '/tmp/c', snapshotDir: 'baselines', report: { markdown: false, json: 'out/r.json' }, obsolete: 'fail' }, '/repo', '/repo/specs')
    expect(r).toMatchObject({ cacheDir: '/tmp/c', snapshotDir: '/repo/baselines', specRoot: '/repo/specs', obsolete: 'fail', report: { markdown: false, json: '/repo/out/r.json' } })
  })

  it("reads report.markdown as a style ('full' | 'compact'), a path or both, and puts the HTML report next to the Markdown", () => {
    const at = (markdown: never) => resolveButterflyOptions({ report: { markdown } }, '/repo').report
    expect(resolveButterflyOptions({}, '/repo').report).toMatchObject({ markdownStyle: 'compact', html: '/repo/butterfly-report.html' })
    expect(at('full' as never)).toMatchObject({ markdown: '/repo/butterfly-report.md', markdownStyle: 'full' })
    expect(at('out/b.md' as never)).toMatchObject({ markdown: '/repo/out/b.md', markdownStyle: 'compact', html: '/repo/out/b.html' })
    expect(at({ file: 'r.md', style: 'full' } as never)).toMatchObject({ markdown: '/repo/r.md', markdownStyle: 'full', html: '/repo/r.html' })
    expect(resolveButterflyOptions({ report: { html: false } }, '/repo').report.html).toBe(false)
  })

  it("takes multipleComparisons 'holm' | 'bh' | 'none' and names the option on anything else", () => {
    expect(resolveButterflyOptions({ multipleComparisons: 'bh' }, '/repo').multipleComparisons).toBe('bh')
    expect(resolveButterflyOptions({ multipleComparisons: 'none' }, '/repo').multipleComparisons).toBe('none')
    expect(() => resolveButterflyOptions({ multipleComparisons: 'bonferroni' as never }, '/repo')).toThrow(/option "multipleComparisons" must be 'holm', 'bh' or 'none', got "bonferroni"/)
  })
})
