import { expect, it } from 'vitest'
import { registerMatchers } from './register.ts'

it('registers every butterfly matcher: the setup file and invariants() share this list', () => {
  const names = ['toBeStableUnder', 'toBeReproducible', 'toMatchBaseline', 'toStayWithinLatency'] as const
  registerMatchers()
  registerMatchers()
  for (const name of names) expect(typeof (expect(null) as unknown as Record<string, unknown>)[name]).toBe('function')
})
