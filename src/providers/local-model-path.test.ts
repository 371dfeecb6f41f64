import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DEFAULT_LOCAL_MODEL, resolveLocalModelPath } from './local-model-path.ts'

describe('resolveLocalModelPath', () => {
  it('prefers the option, then BUTTERFLY_LOCAL_MODEL, then the shared tiny model beside the repository', () => {
    expect(resolveLocalModelPath('a.gguf', { BUTTERFLY_LOCAL_MODEL: '/m/b.gguf' })).toEqual({ path: resolve('a.gguf'), source: 'option' })
    expect(resolveLocalModelPath(undefined, { BUTTERFLY_LOCAL_MODEL: '/m/b.gguf' })).toEqual({ path: '/m/b.gguf', source: 'env' })
    expect(resolveLocalModelPath(undefined, {})).toEqual({ path: DEFAULT_LOCAL_MODEL, source: 'default' })
  })

  it('the default is <repo>/../shared/models/stories260K.gguf', () => {
    expect(DEFAULT_LOCAL_MODEL).toBe(resolve(import.meta.dirname, '../../../shared/models/stories260K.gguf'))
    expect(existsSync(DEFAULT_LOCAL_MODEL)).toBe(true)
  })
})
