import { describe, expect, it } from 'vitest'
import { decodeEntry, encodeEntry } from './entry-format.ts'
import { encodeOutput } from './output-codec.ts'

const usage = { calls: 1, promptTokens: 2, completionTokens: 3 }
const bytes = (text: string) => new TextEncoder().encode(text)

describe('entry format 3', () => {
  it('keeps the header on one line before the output, and parses the output only when asked, as a fresh value each time', () => {
    const encoded = encodeOutput({ b: [1, 2], a: 'x' })
    const entry = decodeEntry(encodeEntry({ stage: 's', usage, logs: ['hi'], schema: 'S' }, encoded))!
    expect(entry.header).toEqual({ v: 3, stage: 's', hash: encoded.hash, usage, logs: ['hi'], form: 'json', schema: 'S' })
    const first = entry.parse()
    expect(first).toEqual({ a: 'x', b: [1, 2] })
    expect(entry.parse()).not.toBe(first)
  })

  it('round-trips what only devalue keeps', () => {
    const value = { m: new Map([['k', 2n ** 70n]]), when: new Date(0), gap: [1, undefined] }
    const entry = decodeEntry(encodeEntry({ stage: 's', usage, logs: [] }, encodeOutput(value)))!
    expect(entry.header.form).toBe('devalue')
    expect(entry.parse()).toEqual(value)
  })

  it('reads an entry of another version as a quiet miss, and anything else that is not an entry as an error', () => {
    expect(decodeEntry(bytes(JSON.stringify({ v: 2, stage: 's', hash: 'h', output: 1, usage, logs: [] })))).toBeUndefined()
    expect(decodeEntry(bytes('{"v":4,"stage":"s"}\n1'))).toBeUndefined()
    expect(() => decodeEntry(bytes('{"v":3,"stage":"s","hash":"h","form":"json","usage":{},"logs":[]}'))).toThrow('unexpected entry shape')
    expect(() => decodeEntry(bytes('{"v":3,"stage":"s","form":"xml","hash":"h"}\n1'))).toThrow('unexpected entry shape')
    expect(() => decodeEntry(bytes('not json\n1'))).toThrow(SyntaxError)
  })
})
