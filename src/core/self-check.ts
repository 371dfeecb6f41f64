/**
 * The self-check of cache keys: a share of the cache hits of deterministic
 * stages is executed again and compared with the cached output by content
 * hash. A difference means the key missed something the stage depends on (a
 * value captured in a closure, a file not declared in `files`, a service it
 * reads): the run warns, naming the stage, and keeps serving the cached
 * output, so turning the check on never changes a result.
 */

/**
 * True when the cache hit under `key` is one the self-check re-executes:
 * chosen by the key itself, so the same entries are checked on every run and
 * machine (a rate of 0.1 checks about one hit in ten).
 *
 * @example
 * selectedForSelfCheck('9f3a…', 1) // true
 */
export function selectedForSelfCheck(key: string, rate: number): boolean {
  if (!(rate > 0)) return false
  if (rate >= 1) return true
  return Number.parseInt(key.slice(0, 8), 16) / 0x1_0000_0000 < rate
}

/** The warning of a self-check whose fresh output differs from the cached one. */
export function selfCheckWarning(stage: string, key: string, cachedHash: string, freshHash: string): string {
  return `[butterfly] [self-check] stage "${stage}"'s output changed although its key did not (${key.slice(0, 12)}…: cached ${cachedHash.slice(0, 12)}…, fresh ${freshHash.slice(0, 12)}…): `
    + 'declare the files it reads in "files", or bump its "version" when it depends on something else; the cached output was served'
}

/** The warning of a self-check whose re-execution failed. */
export function selfCheckFailed(stage: string, key: string, error: Error): string {
  return `[butterfly] [self-check] stage "${stage}" (${key.slice(0, 12)}…) was served from the cache but fails when executed again: ${error.message.replace(/^\[butterfly\] /, '')}`
}
