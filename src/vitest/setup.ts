/**
 * Registers the butterfly matchers (`toBeStableUnder`, `toBeReproducible`, `toMatchBaseline`, `toStayWithinLatency`)
 * with Vitest's `expect`, and shows the progress of long sweeps (also of `sweep()` and `checkStability()` called in a test). The `butterfly()` plugin adds this file to
 * `setupFiles`; without the plugin, add `'vitest-butterfly/setup'` there.
 *
 * @example
 * // vitest.config.ts, without the plugin
 * export default defineConfig({ test: { setupFiles: ['vitest-butterfly/setup'] } })
 */
import { afterAll, afterEach } from 'vitest'
import { settleMeasurements } from '../perturbations/measurements.ts'
import { registerMatchers } from './register.ts'
import { watchSweeps } from './runtime.ts'

registerMatchers()
watchSweeps()

// Measurements a test computed itself (`s.drift(…)` outside a matcher) are
// stored before the next hook: after each test, so that they are written
// before any afterAll of the spec file (which may remove a temporary cache
// directory) runs, and again when the file ends (a hook may measure too),
// since a worker may exit right after it.
afterEach(() => settleMeasurements())
afterAll(() => settleMeasurements())
