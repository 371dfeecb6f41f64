import { describe, expect, it } from 'vitest'
import { baselineStem, nameHash, slugify } from './slug.ts'

describe('slugify', () => {
  it('keeps names readable: lower case, words joined by "-", dots and underscores kept', () => {
    expect(slugify('Facts and selection match the reviewed baseline')).toBe('facts-and-selection-match-the-reviewed-baseline')
    expect(slugify('the best model stays stable under ±0.05 top_p')).toBe('the-best-model-stays-stable-under-0.05-top_p')
    expect(slugify('Café déjà vu')).toBe('cafe-deja-vu')
  })

  it('never yields a path segment that could escape or hide: no "/", "..", leading dots, or empty names', () => {
    for (const name of ['../../etc/passwd', '..', '.', '/abs/path', 'a/../b', '\\windows\\path', '.hidden', '']) {
      const slug = slugify(name)
      expect(slug).not.toMatch(/[/\\]/)
      expect(slug).not.toMatch(/\.\./)
      expect(slug).not.toMatch(/^[.-]/)
      expect(slug.length).toBeGreaterThan(0)
    }
    expect(slugify('../../etc/passwd')).toBe('etc-passwd')
    expect(slugify('!!!')).toBe('unnamed')
  })

  it('keeps "__" and "~" out of slugs (they separate nested names and suffixes) and avoids Windows device names', () => {
    expect(slugify('a__b ~ c')).toBe('a_b-c')
    expect(slugify('NUL')).toBe('nul_')
  })

  it('shortens very long names', () => {
    expect(slugify('word '.repeat(100)).length).toBeLessThanOrEqual(80)
  })
})

describe('baselineStem', () => {
  it('joins describe names and the test name with "__" so nested suites are told apart', () => {
    expect(baselineStem(['selection', 'facts and selection'])).toBe('selection__facts-and-selection')
    expect(baselineStem(['facts and selection'])).toBe('facts-and-selection')
    expect(baselineStem(['a', 'b c'])).not.toBe(baselineStem(['a b', 'c']))
  })

  it('adds ~n for the nth baseline of one test and ~hash when disambiguating', () => {
    expect(baselineStem(['t'], { index: 2 })).toBe('t~2')
    expect(baselineStem(['T!'], { disambiguate: true })).toBe(`t~${nameHash(['T!'])}`)
    expect(nameHash(['T!'])).not.toBe(nameHash(['t']))
    expect(nameHash(['T!'])).toMatch(/^[0-9a-f]{8}$/)
  })

  it('cuts very long nested names and ends them in a hash of the full names, so they stay distinct', () => {
    const long = (s: string): string[] => ['x'.repeat(70), 'y'.repeat(70), `z${'z'.repeat(60)}${s}`]
    const a = baselineStem(long('a'))
    const b = baselineStem(long('b'))
    expect(a.length).toBeLessThanOrEqual(200)
    expect(a).not.toBe(b)
  })
})
