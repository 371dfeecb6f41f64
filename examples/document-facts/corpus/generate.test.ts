import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { corpusCases } from './cases.ts'
import { generateCorpus } from './generate.ts'

const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex')
const NBSP = '\u00A0'

describe('generated corpus', () => {
  it('writes the same bytes on every run (so the cache serves it)', async () => {
    const [a, b] = [await generateCorpus(), await generateCorpus()]
    expect(a.map((d) => sha(d.bytes))).toEqual(b.map((d) => sha(d.bytes)))
    for (const d of a) expect(new TextDecoder().decode(d.bytes.slice(0, 5))).toBe('%PDF-')
  })

  it('has unique ids and at least five known facts per case', () => {
    expect(new Set(corpusCases.map((c) => c.id)).size).toBe(corpusCases.length)
    for (const c of corpusCases) expect(c.facts.length, c.id).toBeGreaterThanOrEqual(5)
  })

  it('draws every known fact: its key word and its digits are on the page', () => {
    for (const c of corpusCases) {
      // Runs joined as drawn; the glyph-by-glyph case has no space characters at all. Hebrew runs
      // are drawn in visual order (reversed back here); form values are in the fields, not the runs.
      const text = c.pages().flatMap((p) => [
        ...p.runs.map((r) => (r.font === 'hebrew' ? [...r.text].reverse().join('') : r.text)),
        ...(p.fields ?? []).map((f) => f.value),
      ]).join('')
      // What a reader of the page sees: ligatures as letters, separators and gaps gone.
      const letters = text.replace(/\uFB01/g, 'fi').replace(/\uFB02/g, 'fl').replace(/[\u00AD-]/g, '').toLowerCase()
      const digits = text.replace(new RegExp(`[,.'\\s${NBSP}]`, 'g'), '')
      for (const fact of c.facts) {
        expect(letters.replace(/\s+/g, ''), `${c.id}: ${fact.key}`).toContain(fact.key)
        const firstDigits = fact.value.replace('.', '').match(/\d+/)![0]
        expect(digits, `${c.id}: ${fact.value}`).toContain(firstDigits)
      }
    }
  })
})
