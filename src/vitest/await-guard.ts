import { onTestFinished } from 'vitest'
import { ButterflyError } from '../errors.ts'

/**
 * Makes a forgotten `await` fail the test. Vitest tracks unawaited
 * `resolves`/`rejects`, not async custom matchers: without this a failing
 * stability assertion that nobody awaits would let the test pass. Returns
 * the function that marks the assertion settled.
 *
 * @example
 * const settled = guardAwaited('toBeStableUnder')
 * try { ... } finally { settled() }
 */
export function guardAwaited(matcher: string): () => void {
  let settled = false
  try {
    onTestFinished(() => {
      if (!settled) {
        throw new ButterflyError(
          `[${matcher}] was not awaited: the test ended while the assertion was still running, so its verdict was lost; write \`await expect(...).${matcher}(...)\``,
        )
      }
    })
  } catch {
    // Outside a running test (e.g. called from a hook) there is nothing to guard.
  }
  return () => {
    settled = true
  }
}
