import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { run } from 'vitest-butterfly'
import type { PipelineRunResult } from 'vitest-butterfly'
import { ENGINE_NAMES } from './engines/engine.ts'
import { DOCUMENT_CLASSES } from './params.ts'
import type { EngineName } from './engines/engine.ts'
import { pipeline } from './pipeline.ts'
import { idShift } from './shift.ts'

// All documents, real and generated, with the default params: the run the spec and the README figures are about.
const cacheDir = mkdtempSync(join(tmpdir(), 'butterfly-document-facts-pipeline-'))
const results = {} as Record<EngineName, PipelineRunResult<typeof pipeline>>

beforeAll(async () => {
  for (const engine of ENGINE_NAMES) results[engine] = await run(pipeline, { extraction: { engine } }, { cacheDir })
}, 120_000)
afterAll(() => rmSync(cacheDir, { recursive: true, force: true }))

describe.each(ENGINE_NAMES)('document-facts with %s', (engine) => {
  it('runs every stage', () => {
    const result = results[engine]
    expect(result.status, result.error?.message).toBe('passed')
    expect(result.order).toEqual(['documents', 'extract', 'facts', 'benchmark'])
  })

  it('lists the real PDFs and the generated corpus, each with a class and a content hash', () => {
    const docs = results[engine].output('documents')
    expect(docs.filter((d) => d.source.kind === 'file').length).toBeGreaterThanOrEqual(1)
    expect(docs.filter((d) => d.class === 'generated').length).toBeGreaterThanOrEqual(7)
    expect(new Set(docs.map((d) => d.id)).size).toBe(docs.length)
    expect(new Set(docs.map((d) => d.sha256)).size).toBe(docs.length)
  })

  it('extracts at most maxPages pages of every document, with text', () => {
    const extracted = results[engine].output('extract')
    expect(extracted.map((e) => e.doc)).toEqual(results[engine].output('documents').map((d) => d.id))
    for (const e of extracted) {
      expect(e.engine).toBe(engine)
      expect(e.pages.length).toBe(Math.min(10, e.pageCount))
      expect(e.pages.join('').trim().length, e.doc).toBeGreaterThan(0)
    }
  })

  it('gives every fact a unique id built from its document, label, ordinal, value and unit', () => {
    const facts = results[engine].output('facts')
    expect(new Set(facts.map((f) => f.id)).size).toBe(facts.length)
    const docs = new Set(results[engine].output('documents').map((d) => d.id))
    for (const f of facts) {
      expect(docs.has(f.doc)).toBe(true)
      expect(f.id.startsWith(`${f.doc}:${f.label.replaceAll(' ', '-')}#${f.ordinal}=${f.value}`)).toBe(true)
      expect(f.context).toContain(f.raw)
    }
  })

  it('makes well-formed benchmark items from labelled facts', () => {
    const items = results[engine].output('benchmark')
    const facts = new Map(results[engine].output('facts').map((f) => [f.id, f]))
    expect(items.length).toBeGreaterThan(0)
    expect(new Set(items.map((i) => i.id)).size).toBe(items.length)
    const perDoc = new Map<string, number>()
    for (const item of items) {
      const fact = facts.get(item.factId)!
      expect(fact, item.factId).toBeDefined()
      expect(fact.label).not.toBe('')
      expect(item.id).toBe(`cloze:${item.factId}`)
      expect(item.question).toContain('____')
      expect(item.answer.startsWith(fact.value)).toBe(true)
      perDoc.set(item.doc, (perDoc.get(item.doc) ?? 0) + 1)
    }
    for (const n of perDoc.values()) expect(n).toBeLessThanOrEqual(200)
  })
})

describe('document-facts params and cache', () => {
  it('serves a repeated run from the cache', async () => {
    const again = await run(pipeline, { extraction: { engine: 'mupdf' } }, { cacheDir })
    expect(again.counts).toMatchObject({ executed: 0, cached: 4 })
  })

  it('re-runs only the benchmark when only a benchmark param changes; a fact keeps its item at any sample rate', async () => {
    const half = await run(pipeline, { extraction: { engine: 'mupdf' }, benchmark: { sampleRate: 0.5, template: 'question' } }, { cacheDir })
    expect(half.stages.extract.status).toBe('cached')
    expect(half.stages.benchmark.status).toBe('executed')
    const full = new Set(results.mupdf.output('benchmark').map((i) => i.factId))
    const items = half.output('benchmark')
    expect(items.length).toBeGreaterThan(0)
    expect(items.length).toBeLessThan(full.size)
    for (const item of items) {
      expect(item.question).toMatch(/^According to ".+", (what is the value for|which date goes with) ".+"/)
    }
    const kept = items.filter((i) => full.has(i.factId)).length
    expect(kept).toBe(items.length)
  })

  it('reports the fact and item shift between engines per document class', () => {
    const facts = idShift(results.pdfjs.output('facts'), results.mupdf.output('facts'), (f) => f.class)
    const items = idShift(results.pdfjs.output('benchmark'), results.mupdf.output('benchmark'), (i) => i.class)
    // The form and the Hebrew page give neither engine a fact: no group, not a shift of 0 (vacuous).
    expect(facts.map((s) => s.group)).toEqual(DOCUMENT_CLASSES.filter((c) => c !== 'form' && c !== 'rtl').sort())
    for (const s of [...facts, ...items]) {
      expect(s.shift).toBeGreaterThanOrEqual(0)
      expect(s.shift).toBeLessThanOrEqual(1)
    }
    const pct = (x: number): string => `${(x * 100).toFixed(1)} %`
    const itemShift = (group: string): number => items.find((s) => s.group === group)?.shift ?? 0
    console.log(`shift pdfjs → mupdf per class (facts | benchmark items)\n${facts.map((s) => `  ${s.group.padEnd(10)} ${pct(s.shift).padStart(7)} of ${s.base}/${s.variant} facts | ${pct(itemShift(s.group)).padStart(7)} of items`).join('\n')}`)
  })
})
