import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { run } from 'vitest-butterfly'
import { pipeline } from '../pipeline.ts'
import type { DocumentEntry, Fact } from '../pipeline.ts'
import { knownFactRecall } from '../recall.ts'
import type { DocumentRecall } from '../recall.ts'
import { idShift } from '../shift.ts'
import { ENGINE_NAMES } from './engine.ts'
import type { EngineName } from './engine.ts'

// The generated corpus only: its facts are known, so each engine's recall can be measured.
const cacheDir = mkdtempSync(join(tmpdir(), 'butterfly-document-facts-engines-'))
const outputs = {} as Record<EngineName, { documents: DocumentEntry[]; facts: Fact[]; recall: DocumentRecall[] }>

beforeAll(async () => {
  for (const engine of ENGINE_NAMES) {
    const result = await run(pipeline, { documents: { real: false }, extraction: { engine } }, { cacheDir })
    expect(result.status, result.error?.message).toBe('passed')
    const documents = result.output('documents')
    const facts = result.output('facts')
    outputs[engine] = { documents, facts, recall: knownFactRecall(documents, facts) }
  }
})
afterAll(() => rmSync(cacheDir, { recursive: true, force: true }))

describe.each(ENGINE_NAMES)('engine %s on the generated corpus', (engine) => {
  it('recovers (almost) every known fact of the simple layout', () => {
    const simple = outputs[engine].recall.find((r) => r.layout === 'simple')!
    expect(simple.missed, `${engine} missed on the simple layout`).toEqual([])
    expect(simple.recall).toBeGreaterThanOrEqual(0.95)
  })

  it('finds the hard layouts no easier than the simple one, and says what it missed', () => {
    const { recall } = outputs[engine]
    const simple = recall.find((r) => r.layout === 'simple')!.recall
    for (const r of recall) {
      expect(r.recall).toBeLessThanOrEqual(simple)
      expect(r.found + r.missed.length).toBe(r.known)
    }
    console.log(`${engine}: known facts recovered per layout\n${recall.map((r) => `  ${r.layout.padEnd(12)} ${r.found}/${r.known}` +
      (r.missed.length ? `  missed: ${r.missed.map((m) => `${m.key}=${m.value}${m.unit ? ` ${m.unit}` : ''}`).join(', ')}` : '')).join('\n')}`)
  })
})

describe('the two engines on the generated corpus', () => {
  it('give the simple layout exactly the same fact ids', () => {
    const ids = (engine: EngineName): string[] => outputs[engine].facts.filter((f) => f.doc === 'gen-simple').map((f) => f.id).sort()
    expect(ids('pdfjs').length).toBeGreaterThanOrEqual(12)
    expect(ids('mupdf')).toEqual(ids('pdfjs'))
  })

  it('disagree on at least one hard layout: the butterfly the spec measures', () => {
    const shifts = idShift(outputs.pdfjs.facts, outputs.mupdf.facts, (f) => f.doc)
    console.log(`fact shift pdfjs → mupdf per generated document\n${shifts.map((s) => `  ${s.group.padEnd(16)} ${(s.shift * 100).toFixed(1)} %  (${s.shared} shared of ${s.base} / ${s.variant})`).join('\n')}`)
    expect(shifts.find((s) => s.group === 'gen-simple')!.shift).toBe(0)
    expect(shifts.some((s) => s.shift > 0)).toBe(true)
  })
})
