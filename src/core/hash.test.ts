import { describe, expect, it } from 'vitest'
import { hash32, hashValue, sha256, stableStringify } from './hash.ts'

describe('stableStringify', () => {
  it('sorts object keys at every depth, keeps array order', () => {
    const a = { b: 1, a: { d: [3, 1, 2], c: 'x' } }
    const b = { a: { c: 'x', d: [3, 1, 2] }, b: 1 }
    expect(stableStringify(a)).toBe('{"a":{"c":"x","d":[3,1,2]},"b":1}')
    expect(stableStringify(b)).toBe(stableStringify(a))
    expect(stableStringify([2, 1])).not.toBe(stableStringify([1, 2]))
  })

  it('drops undefined properties like JSON and stores a top-level undefined as null', () => {
    expect(stableStringify({ a: undefined, b: 2 })).toBe('{"b":2}')
    expect(stableStringify(undefined)).toBe('null')
  })

  it('indents when asked', () => {
    expect(stableStringify({ b: 1, a: 2 }, 2)).toBe('{\n  "a": 2,\n  "b": 1\n}')
  })

  it('throws on circular structures instead of writing a placeholder', () => {
    const loop: Record<string, unknown> = { a: 1 }
    loop.self = loop
    expect(() => stableStringify(loop)).toThrow(TypeError)
  })
})

describe('hashes', () => {
  it('sha256 matches a known vector for strings and bytes alike', () => {
    const abc = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'
    expect(sha256('abc')).toBe(abc)
    expect(sha256(new TextEncoder().encode('abc'))).toBe(abc)
  })

  it('hashValue ignores key order but not values', () => {
    expect(hashValue({ a: 1, b: [1, 2] })).toBe(hashValue({ b: [1, 2], a: 1 }))
    expect(hashValue({ a: 1 })).not.toBe(hashValue({ a: 2 }))
    expect(hashValue({ a: 1 })).toMatch(/^[0-9a-f]{64}$/)
  })

  it('hash32 is a deterministic unsigned 32-bit integer that depends on every part', () => {
    const x = hash32('seed', 1, 0)
    expect(hash32('seed', 1, 0)).toBe(x)
    expect(Number.isInteger(x) && x >= 0 && x <= 0xffffffff).toBe(true)
    expect(hash32('seed', 1, 1)).not.toBe(x)
    expect(hash32('seed', 2, 0)).not.toBe(x)
  })
})
