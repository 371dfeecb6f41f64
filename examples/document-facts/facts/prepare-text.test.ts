import { describe, expect, it } from 'vitest'
import { prepareText } from './prepare-text.ts'

const both = { expandLigatures: true, dehyphenate: true }

describe('prepareText', () => {
  it('joins words hyphenated across lines with hard and soft hyphens', () => {
    expect(prepareText('the an-\nnual and the catch\u00AD\nment', both)).toBe('the annual and the catchment')
  })

  it('keeps hyphens that do not split a word at a line end', () => {
    expect(prepareText('well-known\nTable 2-\n3', both)).toBe('well-known\nTable 2-\n3')
  })

  it('expands ligature characters', () => {
    expect(prepareText('\uFB01rst \uFB02ight o\uFB03ce', both)).toBe('first flight office')
  })

  it('does nothing when both options are off', () => {
    const text = 'an-\nnual \uFB01rst'
    expect(prepareText(text, { expandLigatures: false, dehyphenate: false })).toBe(text)
  })
})
