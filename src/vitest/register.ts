import { expect } from 'vitest'
import './matcher-types.ts'
import { toBeReproducible } from './to-be-reproducible.ts'
import { toBeStableUnder } from './to-be-stable-under.ts'
import { toMatchBaseline } from './to-match-baseline.ts'
import { toStayWithinLatency } from './to-stay-within-latency.ts'

/** Every butterfly matcher, by the name it has on `expect`. The one list both the setup file and `invariants()` register. */
const matchers = { toBeStableUnder, toBeReproducible, toMatchBaseline, toStayWithinLatency }

let registered = false

/** Adds the butterfly matchers to Vitest's `expect`, once per module instance. */
export function registerMatchers(): void {
  if (registered) return
  expect.extend(matchers)
  registered = true
}
