import { describe, expect, it } from 'vitest'
import { readFacts } from './read-facts.ts'
import { tokenize } from './tokenize.ts'

const read = (text: string, words = 3): string[] => readFacts(tokenize(text), words).map((f) => `${f.label}#${f.ordinal}=${f.value}`)

describe('readFacts', () => {
  it('labels table cells by row label and column position, whatever the line breaks', () => {
    const expected = ['aberdeen#0=78', 'aberdeen#1=61', 'fort william#0=201', 'fort william#1=149']
    expect(read('Aberdeen 78 61\nFort William 201 149')).toEqual(expected)
    expect(read('Aberdeen\n78\n61\nFort William\n201\n149')).toEqual(expected)
  })

  it('labels prose numbers by the last content words before them, stop words dropped', () => {
    expect(read('Station Kessel recorded a peak wind speed of 112 km/h.')).toEqual(['peak wind speed#0=112'])
    expect(read('Station Kessel recorded a peak wind speed of 112 km/h.', 2)).toEqual(['wind speed#0=112'])
  })

  it('keeps the label for a number after only stop words, and clears it at a sentence end', () => {
    expect(read('Monitoring resumed on 11 October 2021 at 17 stations. 5 more')).toEqual([
      'monitoring resumed#0=2021-10-11', 'monitoring resumed#1=17', '#0=5',
    ])
  })

  it('changes the label when the reading order changes', () => {
    expect(read('Aberdeen 78 61')).not.toEqual(read('78 61 Aberdeen'))
  })

  it('keeps the engine text of the label words and the quantity as context', () => {
    const [fact] = readFacts(tokenize('The north bridge spans 318 m across'), 3)
    expect(fact).toMatchObject({ raw: '318 m', unit: 'm', context: 'The north bridge spans 318 m', kind: 'number' })
  })
})
