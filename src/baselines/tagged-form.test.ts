import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { outputHash } from '../core/output-codec.ts'
import { tempDir } from '../../test/support/temp-dir.ts'
import { checkBaseline } from './check.ts'
import { fromTaggedForm, toTaggedForm } from './tagged-form.ts'

describe('toTaggedForm / fromTaggedForm', () => {
  it('keeps plain JSON data as it is (the same object, no copy)', () => {
    const plain = { a: [1, 'x', null, { b: true }] }
    expect(toTaggedForm(plain)).toBe(plain)
    expect(fromTaggedForm(plain)).toBe(plain)
  })

  it('tags what JSON cannot hold and reads it back equal, with the engine hash', () => {
    const value = {
      when: new Date('2024-01-02T03:04:05Z'), big: 12345678901234567890n, seen: new Set(['a', 'b']),
      index: new Map<unknown, unknown>([['k', 1], [2, new Date(0)]]), bytes: new Uint8Array([1, 2, 255]),
      wide: new BigInt64Array([-1n]), odd: [undefined, Number.NaN, -0, Number.POSITIVE_INFINITY],
      user: { $type: 'Map', value: 'plain data that looks like a tag' },
    }
    const form = toTaggedForm(value) as Record<string, unknown>
    expect(form.when).toEqual({ $type: 'Date', value: '2024-01-02T03:04:05.000Z' })
    expect(form.seen).toEqual({ $type: 'Set', value: ['a', 'b'] })
    expect(form.big).toEqual({ $type: 'BigInt', value: '12345678901234567890' })
    expect(form.user).toEqual({ $type: 'Object', value: { $type: 'Map', value: 'plain data that looks like a tag' } })
    // The form is JSON: it survives a file.
    const back = fromTaggedForm(JSON.parse(JSON.stringify(form)))
    expect(back).toEqual(value)
    expect(outputHash(back)).toBe(outputHash(value))
  })
})

describe('a baseline of non-JSON outputs', () => {
  it('sees a changed Map as a change (JSON alone stores every Map as {})', () => {
    const dir = join(tempDir('butterfly-tagged-'), 'snapshots')
    const base = { snapshotDir: dir, specFile: 'm.spec.ts', test: ['index'], pipeline: 'p', params: {} }
    expect(checkBaseline({ ...base, update: 'new', outputs: { index: [new Map([['a', 1]])] } }).status).toBe('written')
    expect(checkBaseline({ ...base, update: 'none', outputs: { index: [new Map([['a', 1]])] } }).status).toBe('matched')
    const changed = checkBaseline({ ...base, update: 'none', outputs: { index: [new Map([['a', 2], ['b', 3]])] } })
    expect(changed.status).toBe('drifted')
    expect(changed.stages[0]?.observed).toBeGreaterThan(0)
  })
})
