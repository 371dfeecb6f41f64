import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { run } from 'vitest-butterfly'
import { candidates, formatPrompt } from './candidates.ts'
import { splitStory } from './generate.ts'
import { pipeline } from './pipeline.ts'
import { tokenF1 } from './similarity.ts'

describe('model-selection stages', () => {
  const dirs: string[] = []
  afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))))

  it('produce well-formed outputs on the embedded model, and repeat exactly from the cache', async () => {
    const cacheDir = await mkdtemp(join(tmpdir(), 'butterfly-ms-'))
    dirs.push(cacheDir)
    const overrides = { generation: { items: 3, max_tokens: 24 }, answer: { max_tokens: 8 } }
    const first = await run(pipeline, overrides, { cacheDir })
    expect(first.status).toBe('passed')
    const items = first.output('generate')
    expect(items.map((i) => i.id)).toEqual(['item-0', 'item-1', 'item-2'])
    for (const item of items) {
      expect(item.prompt.length).toBeGreaterThan(10)
      expect(item.reference.split(' ').length).toBeGreaterThan(1)
    }
    const answers = first.output('answer')
    expect(answers).toHaveLength(candidates.length * 3)
    expect(new Set(answers.map((a) => a.candidate))).toEqual(new Set(candidates.map((c) => c.id)))
    for (const s of first.output('score')) expect(s.score).toBeGreaterThanOrEqual(0)
    const select = first.output('select')
    expect([...select.ranking].sort()).toEqual(candidates.map((c) => c.id).sort())
    expect(select.best).toBe(select.ranking[0])
    expect(select.scores[select.ranking[0]!]).toBeGreaterThanOrEqual(select.scores[select.ranking.at(-1)!]!)

    const second = await run(pipeline, overrides, { cacheDir })
    expect(second.counts.executed).toBe(0)
    expect(second.output('select')).toEqual(select)
    expect(second.stages.generate.status === 'cached' && second.stages.generate.usage.completionTokens).toBeGreaterThan(0)
  })

  it('gives a different benchmark for another sample (the agent samples)', async () => {
    const cacheDir = await mkdtemp(join(tmpdir(), 'butterfly-ms-'))
    dirs.push(cacheDir)
    const overrides = { generation: { items: 2, max_tokens: 24 }, answer: { max_tokens: 4 } }
    const a = await run(pipeline, overrides, { cacheDir, sample: 0 })
    const b = await run(pipeline, overrides, { cacheDir, sample: 1 })
    expect(a.output('generate')).not.toEqual(b.output('generate'))
  })
})

describe('model-selection helpers', () => {
  it('splits a generated story at half its words', () => {
    expect(splitStory('Start.', 'a b c d e')).toEqual({ prompt: 'Start. a b c', reference: 'd e' })
  })
  it('scores token overlap as F1', () => {
    expect(tokenF1('the cat sat', 'the cat sat')).toBe(1)
    expect(tokenF1('a b', 'c d')).toBe(0)
    expect(tokenF1('the cat', 'the dog')).toBeCloseTo(0.5)
    expect(tokenF1('', '')).toBe(1)
  })
  it('formats prompts per candidate', () => {
    expect(formatPrompt('One. Two. Three.', 'last-sentence')).toBe('Two. Three.')
    expect(formatPrompt('Hi.', 'story-prefix')).toBe('Once upon a time. Hi.')
  })
})
