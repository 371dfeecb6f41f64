import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DEFAULT_LOCAL_MODEL, resolveLocalModelPath } from './local-model-path.ts'

describe('resolveLocalModelPath', () => {
  it('prefers the option, then BUTTERFLY_LOCAL_MODEL, then the shared tiny model beside the project', () => {
    expect(resolveLocalModelPath('a.gguf', { BUTTERFLY_LOCAL_MODEL: '/m/b.gguf' })).toEqual({ path: resolve('a.gguf'), source: 'option' })
    expect(resolveLocalModelPath(undefined, { BUTTERFLY_LOCAL_MODEL: '/m/b.gguf' })).toEqual({ path: '/m/b.gguf', source: 'env' })
    expect(resolveLocalModelPath(undefined, {})).toEqual({ path: resolve(DEFAULT_LOCAL_MODEL), source: 'default' })
  })

  it('resolves the default from the working directory, not from the package, so installed copies find ../shared too', () => {
    expect(DEFAULT_LOCAL_MODEL).toBe('../shared/models/stories260K.gguf')
    expect(resolveLocalModelPath(undefined, {}).path).toBe(resolve(process.cwd(), '..', 'shared', 'models', 'stories260K.gguf'))
    // Tests run from the repository root, which has shared/ beside it.
    expect(existsSync(resolveLocalModelPath(undefined, {}).path)).toBe(true)
  })
})
