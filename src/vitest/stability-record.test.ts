import { describe, expect, it } from 'vitest'
import { stabilityPass } from './stability-record.ts'

describe('stabilityPass', () => {
  const pass = { onInconclusive: 'pass', vacuous: 'pass' } as const
  const fail = { onInconclusive: 'fail', vacuous: 'fail' } as const

  it('fails only unstable by default; inconclusive and vacuous follow their options', () => {
    expect((['stable', 'unstable', 'inconclusive', 'vacuous'] as const).map((o) => stabilityPass(o, pass, false))).toEqual([true, false, true, true])
    expect((['stable', 'unstable', 'inconclusive', 'vacuous'] as const).map((o) => stabilityPass(o, fail, false))).toEqual([true, false, false, false])
  })

  it('negated, the claim is "unstable": .not passes (pass false) only on unstable, whatever the options', () => {
    for (const options of [pass, fail]) {
      expect((['stable', 'unstable', 'inconclusive', 'vacuous'] as const).map((o) => stabilityPass(o, options, true))).toEqual([true, false, true, true])
    }
  })
})
