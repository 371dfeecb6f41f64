import { describe, expect, it } from 'vitest'
import { CassetteError } from '../errors.ts'
import { isCi, resolveCassetteMode } from './cassette-mode.ts'

describe('resolveCassetteMode', () => {
  it('defaults to auto locally and replay in CI', () => {
    expect(resolveCassetteMode(undefined, {})).toEqual({ mode: 'auto', source: 'default' })
    expect(resolveCassetteMode(undefined, { CI: 'true' })).toEqual({ mode: 'replay', source: 'ci' })
    expect(resolveCassetteMode(undefined, { CI: '1' }).mode).toBe('replay')
  })

  it('treats CI=false, CI=0 and an empty CI as not CI', () => {
    for (const CI of ['false', 'FALSE', '0', '', ' ']) expect(isCi({ CI })).toBe(false)
    expect(isCi({})).toBe(false)
  })

  it('BUTTERFLY_LLM_MODE overrides the default, the option overrides both', () => {
    expect(resolveCassetteMode(undefined, { CI: '1', BUTTERFLY_LLM_MODE: 'auto' })).toEqual({ mode: 'auto', source: 'env' })
    expect(resolveCassetteMode('off', { CI: '1', BUTTERFLY_LLM_MODE: 'auto' })).toEqual({ mode: 'off', source: 'option' })
  })

  it('rejects a misspelt mode naming where it came from', () => {
    expect(() => resolveCassetteMode(undefined, { BUTTERFLY_LLM_MODE: 'replya' })).toThrow(CassetteError)
    expect(() => resolveCassetteMode(undefined, { BUTTERFLY_LLM_MODE: 'replya' })).toThrow(/BUTTERFLY_LLM_MODE="replya"/)
    expect(() => resolveCassetteMode('recrod' as never, {})).toThrow(/mode "recrod"/)
  })
})
