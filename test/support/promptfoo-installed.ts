import { createRequire } from 'node:module'

/**
 * True when the optional peer promptfoo (~1.4 GB) is installed; the tests of
 * the real promptfoo run then and are skipped otherwise (CI installs it).
 *
 * @example
 * describe.skipIf(!promptfooInstalled)('with promptfoo', () => { ... })
 */
export const promptfooInstalled: boolean = (() => {
  try {
    createRequire(import.meta.url).resolve('promptfoo')
    return true
  } catch {
    return false
  }
})()
