import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll } from 'vitest'

const made: string[] = []

// Registered when a test file first imports this module (Vitest evaluates
// modules per test file), so every directory a file made is removed after it.
afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true })
})

/**
 * A fresh directory under the OS temp dir, removed after the test file ends.
 *
 * @example
 * const dir = tempDir('butterfly-check-')
 */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  made.push(dir)
  return dir
}
