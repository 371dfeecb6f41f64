import { describe, expect, it } from 'vitest'
import { positionedText } from './positioned-text.ts'

const at = (text: string, x: number, y: number, size = 10, width = text.length * size * 0.5) => ({ text, x, y, width, size })

describe('positionedText', () => {
  it('puts a row\'s cells on one line, label first, whatever order they were drawn in', () => {
    expect(positionedText([at('61', 260, 100), at('78', 200, 100), at('Aberdeen', 72, 97.5, 11), at('Lerwick', 72, 115), at('135', 200, 115)]))
      .toBe('Aberdeen 78 61\nLerwick 135')
  })

  it('keeps lines apart whose baselines differ by more than half a font size', () => {
    expect(positionedText([at('Kestrel Valley', 72, 100), at('14.2', 300, 106), at('Water Board', 72, 112)])).toBe('Kestrel Valley\n14.2\nWater Board')
  })

  it('joins touching pieces, separates a number from a word at any gap, and words at a word space', () => {
    expect(positionedText([at('Sal', 72, 100, 10, 15), at('t', 87, 100, 10, 3)])).toBe('Salt')
    expect(positionedText([at('37,499.96', 100, 100, 9, 40), at('DISTRICT', 140.3, 100, 9)])).toBe('37,499.96 DISTRICT')
    expect(positionedText([at('Al', 72, 100, 10, 10), at('abama', 82.5, 100, 10)])).toBe('Alabama')
    expect(positionedText([at('road', 72, 100, 10, 20), at('salt', 94, 100, 10)])).toBe('road salt')
  })

  it('puts a right-to-left line back in logical order, numbers left to right', () => {
    // Drawn left to right in visual order: "תושבים 45,200 העיר" reads, right to left, העיר 45,200 תושבים.
    expect(positionedText([at('םיבשות', 72, 100), at('45,200', 110, 100), at('ריעה', 150, 100)])).toBe('העיר 45,200 תושבים')
  })
})
