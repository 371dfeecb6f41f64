import { describe, expect, it } from 'vitest'
import type { Fact } from './stages/facts.ts'
import { matchesKnown, referenceFiles, scoreFacts } from './truth.ts'

const fact = (doc: string, label: string, value: string, ordinal = 0, unit = ''): Fact => ({
  id: `${doc}:${label}#${ordinal}=${value}`, doc, class: 'table', page: 1, kind: 'number', label, ordinal, value, unit, raw: value, context: '',
})

describe('scoreFacts', () => {
  const reference = { doc: 'd', facts: [{ key: 'aberdeen', value: '78', ordinal: 0 }, { key: 'aberdeen', value: '61', ordinal: 1 }, { key: 'fort william', value: '201', ordinal: 0 }] }

  it('gives precision and recall of label–value pairs and lists what is unmatched', () => {
    const facts = [
      fact('d', 'aberdeen', '78', 0), // right
      fact('d', 'lerwick', '61', 1), // right value, wrong row label: in scope, wrong
      fact('d', 'fort william', '201', 0), // right (every key word in the label)
      fact('d', 'table rainfall', '1'), // out of scope: neither a reference value nor a key
      fact('e', 'aberdeen', '78', 0), // another document
    ]
    const [s] = scoreFacts(facts, [reference])
    expect(s).toMatchObject({ doc: 'd', status: 'scored', reference: 3, inScope: 3, matched: 2, precision: 2 / 3, recall: 2 / 3 })
    expect(s!.missed).toEqual([{ key: 'aberdeen', value: '61', ordinal: 1 }])
    expect(s!.wrong.map((f) => f.label)).toEqual(['lerwick'])
  })

  it('counts a glued number under the right label as wrong, and matches each reference fact once', () => {
    const [s] = scoreFacts([fact('d', 'aberdeen', '7861', 0), fact('d', 'aberdeen', '78', 0), fact('d', 'aberdeen', '78', 0)], [reference])
    expect(s).toMatchObject({ inScope: 3, matched: 1, precision: 1 / 3, recall: 1 / 3 })
  })

  it('is vacuous, with no precision, when no fact is in scope', () => {
    expect(scoreFacts([fact('d', 'other', '5')], [reference])[0]).toMatchObject({ status: 'vacuous', inScope: 0, matched: 0, precision: null, recall: 0 })
  })

  it('needs every word of a multi-word key, the unit and a given ordinal', () => {
    expect(matchesKnown(fact('d', 'fort', '201'), { key: 'fort william', value: '201' })).toBe(false)
    expect(matchesKnown(fact('d', 'aberdeen', '78', 1), { key: 'aberdeen', value: '78', ordinal: 0 })).toBe(false)
    expect(matchesKnown(fact('d', 'aberdeen', '78', 0, '%'), { key: 'aberdeen', value: '78' })).toBe(false)
  })
})

describe('the reviewed reference of the NICS table', () => {
  const [nics] = referenceFiles(['us-fbi-nics-background-checks'])

  it('has 55 rows of 22 numbers, each row summing to its total, and says how it was checked', () => {
    expect(nics!.facts).toHaveLength(55 * 22)
    const rows = new Map<string, number[]>()
    for (const f of nics!.facts) rows.set(f.key, [...(rows.get(f.key) ?? []), Number(f.value)])
    expect(rows.size).toBe(55)
    for (const [key, values] of rows) {
      expect(values.slice(0, -1).reduce((a, b) => a + b, 0), key).toBe(values.at(-1))
    }
    // The grand total printed under the table.
    expect([...rows.values()].reduce((n, v) => n + v.at(-1)!, 0)).toBe(2_236_457)
    expect(rows.get('california')![0]).toBe(98452)
    expect(nics!.checked).toMatch(/arithmetic/)
  })
})
