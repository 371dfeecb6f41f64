import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { MetricError, MissingDependencyError } from '../../errors.ts'
import { promptfooMetric as promptfoo } from './metric.ts'
import { promptfooInstalled } from '../../../test/support/promptfoo-installed.ts'

const installed = promptfooInstalled
const bagOfWords = `file://${fileURLToPath(new URL('../../../test/fixtures/promptfoo/bag-of-words.mjs', import.meta.url))}`

describe('promptfooMetric without promptfoo', () => {
  it('the first use says how to install promptfoo; defining the metric needs nothing', () => {
    const m = promptfoo({ type: 'contains', value: 'x' }, { module: 'promptfoo-not-installed-xyz' })
    expect(m.name).toBe('promptfoo(contains)')
    const error = (() => {
      try {
        m.compute('a', 'b')
      } catch (e) {
        return e
      }
    })()
    expect(error).toBeInstanceOf(MissingDependencyError)
    expect((error as Error).message).toMatch(/promptfooMetric\(contains\) needs the optional package "promptfoo".*install it with: npm install -D promptfoo@0\.121\.20$/)
  })

  it('an assertion without a type is misuse', () => {
    expect(() => promptfoo({} as never)).toThrow(MetricError)
  })
})

describe.skipIf(!installed)('metrics.promptfoo with promptfoo installed', () => {
  beforeAll(async () => {
    vi.stubEnv('PROMPTFOO_CONFIG_DIR', await mkdtemp(join(tmpdir(), 'butterfly-promptfoo-')))
  })

  it('contains: 0 when the verdict is the same, 1 when it flips; passes() is the pass criterion', () => {
    const m = promptfoo({ type: 'icontains', value: 'paris' })
    expect(m.passes('It is Paris.')).toBe(true)
    expect(m.passes('It is Lyon.')).toBe(false)
    expect(m.compute('Paris!', 'in Paris')).toBe(0)
    expect(m.compute('Lyon', 'Nice')).toBe(0)
    expect(m.compute('Paris', 'Lyon')).toBe(1)
    expect(m.details!('Paris', 'Lyon')).toEqual({ changed: ['$'], note: 'pass -> fail: Expected output to contain "paris"' })
  })

  it('javascript and levenshtein assertions, on values selected from structured outputs with vars', () => {
    const short = promptfoo({ type: 'javascript', value: 'output.length <= 10' }, { select: (o: { text: string }) => o.text })
    expect(short.verdict({ text: 'brief' })).toMatchObject({ pass: true, value: 0 })
    expect(short.verdict({ text: 'a much longer answer' })).toMatchObject({ pass: false, value: 1 })
    const edit = promptfoo({ type: 'levenshtein', value: 'kitten', threshold: 3 })
    expect([edit.passes('sitting'), edit.passes('sitting down')]).toEqual([true, false])
    const equals = promptfoo({ type: 'equals', value: '{{answer}}' }, { vars: { answer: 'Paris' } })
    expect([equals.passes('Paris'), equals.passes('paris')]).toEqual([true, false])
  })

  it('similar with an embedding provider, as 1 − score: cosine similarities worked out by hand', () => {
    const m = promptfoo({ type: 'similar', value: 'The cat sat on the mat.', threshold: 0.8, provider: bagOfWords }, { value: 'score' })
    // reference counts cat 1, sat 1, on 1, mat 1, the 2; "the dog ran in the park": dog, ran, in, park 1, the 2 → cos = 4 / 8
    expect(m.verdict('the cat sat on the mat')).toMatchObject({ pass: true })
    expect(m.verdict('the dog ran in the park')).toMatchObject({ pass: false })
    expect(m.verdict('the dog ran in the park').score).toBeCloseTo(0.5, 9)
    expect(m.compute('the cat sat on the mat', 'the dog ran in the park')).toBeCloseTo(0.5, 9)
    expect(promptfoo({ type: 'similar', value: 'The cat sat on the mat.', threshold: 0.8, provider: bagOfWords }).compute('the cat sat on the mat', 'the dog ran in the park')).toBe(1)
  })

  it('an assertion that cannot be sent to promptfoo, or that promptfoo rejects, is a MetricError naming it', () => {
    expect(() => promptfoo({ type: 'javascript', value: (o: string) => o.length > 1 }).compute('a', 'b')).toThrow(/give JavaScript assertions as strings/)
    expect(() => promptfoo({ type: 'no-such-assertion-type' }).compute('a', 'b')).toThrow(MetricError)
  })
})
