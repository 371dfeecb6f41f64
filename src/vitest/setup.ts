/**
 * Registers the butterfly matchers (`toBeStableUnder`, `toBeReproducible`, `toMatchBaseline`, `toStayWithinLatency`)
 * with Vitest's `expect`. The `butterfly()` plugin adds this file to
 * `setupFiles`; without the plugin, add `'vitest-butterfly/setup'` there.
 *
 * @example
 * // vitest.config.ts, without the plugin
 * export default defineConfig({ test: { setupFiles: ['vitest-butterfly/setup'] } })
 */
import { expect } from 'vitest'
import './matcher-types.ts'
import { toBeReproducible } from './to-be-reproducible.ts'
import { toBeStableUnder } from './to-be-stable-under.ts'
import { toMatchBaseline } from './to-match-baseline.ts'
import { toStayWithinLatency } from './to-stay-within-latency.ts'

expect.extend({ toBeStableUnder, toBeReproducible, toMatchBaseline, toStayWithinLatency })
