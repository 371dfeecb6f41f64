import { readFile, writeFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { CassetteError } from 'vitest-butterfly'
import { createCassetteStore } from 'vitest-butterfly/providers'
import type { CanonicalRequest, CassetteEntry } from 'vitest-butterfly/providers'
import { createIndexRng } from '../../src/stats/rng.ts'
import { tempDir } from '../support/temp-dir.ts'

// A recording damaged on disk (a flipped byte, a lost byte, a cut, a spliced
// chunk) must either read back as exactly what was recorded (a change JSON
// does not see, such as whitespace) or fail with a CassetteError naming the
// file: never a different answer served as recorded.
const request: CanonicalRequest = {
  v: 1, provider: 'openai', identity: { endpoint: 'http://127.0.0.1:48261/v1', upstream: 'stories260K' }, call: 'complete', model: 'generator',
  request: { prompt: 'Once upon a time', temperature: 0.8, top_p: 0.9, seed: 7, max_tokens: 12 }, sample: 0, occurrence: 0,
}
const entry: CassetteEntry = {
  digest: 'c'.repeat(64),
  request,
  response: { text: ' there was a little girl named Lily', usage: { promptTokens: 5, completionTokens: 12 }, finishReason: 'length', model: 'stories260K' },
}
const DAMAGES = 1_000

describe('cassettes damaged on disk', () => {
  it(`${DAMAGES} random damages: each reads back unchanged or fails with a CassetteError naming the file`, async () => {
    const store = createCassetteStore({ dir: tempDir('butterfly-cassette-damage-') })
    await store.write('p', entry)
    const file = store.fileOf('p', entry.digest)
    const good = await readFile(file, 'utf8')
    const pick = createIndexRng(20261130)
    const printable = ' {}[]",:0123456789abcdefxyzEe.-+\\n'
    const outcomes = { unchanged: 0, detected: 0 }
    for (let i = 0; i < DAMAGES; i++) {
      const at = pick(good.length)
      const kind = i % 4
      const damaged = kind === 0 ? good.slice(0, at) + printable[pick(printable.length)] + good.slice(at + 1)
        : kind === 1 ? good.slice(0, at) + good.slice(at + 1)
          : kind === 2 ? good.slice(0, at)
            : good.slice(0, at) + good.slice(pick(good.length), pick(good.length)) + good.slice(at)
      await writeFile(file, damaged)
      const read = await store.read('p', entry.digest).then((r) => ({ r }), (e: unknown) => ({ e }))
      if ('e' in read) {
        expect(read.e).toBeInstanceOf(CassetteError)
        expect((read.e as Error).message).toContain(file)
        outcomes.detected++
      } else {
        expect(read.r).toEqual(entry.response)
        outcomes.unchanged++
      }
    }
    expect(outcomes.detected + outcomes.unchanged).toBe(DAMAGES)
    // Most damages break the JSON or the checksum; the rest (whitespace, an empty splice) change nothing read.
    expect(outcomes.detected).toBeGreaterThan(DAMAGES / 2)
  })
})
