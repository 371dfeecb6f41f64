import { existsSync } from 'node:fs'
import { baselineStem } from './slug.ts'
import { checkRelativePath, resolveInside } from './paths.ts'
import { readBaselineJson, signatureOf } from './read.ts'
import type { BaselineJson } from './read.ts'

/** How many reads a tracker keeps for `take` (claims whose check never came, e.g. a pipeline that threw, must not pile up). */
const KEPT_READS = 16

/**
 * Remembers, for one run, which test claimed which baseline file (to keep two
 * tests whose names slug alike apart) and every file checked or written (for
 * obsolete detection). Create one per spec file, or one per worker.
 */
export interface BaselineTracker {
  /** Baseline files checked or written so far, relative to the snapshot directory, `/`-separated. */
  readonly touched: ReadonlySet<string>
  /**
   * The file (relative to `snapshotDir`) of the nth baseline of `test` in
   * spec `specFile`, and records it as touched. See {@link createBaselineTracker}.
   */
  claim(snapshotDir: string, specFile: string, test: readonly string[], index?: number): string
  /**
   * The parsed JSON of baseline file `file` (absolute) as `claim` read it to
   * see whose it is, if the file has not changed since; each read is handed
   * out once. Lets a check parse a file once. Undefined when there is none.
   * Optional for trackers of your own: without it the check reads the file.
   */
  take?(file: string): BaselineJson | undefined
}

/**
 * Creates a {@link BaselineTracker}.
 *
 * Two tests of one spec file whose names make the same slug (e.g. `Facts`
 * and `facts!`) get different files, deterministically: the plain name
 * belongs to the test recorded in it (its `test` field); the other test gets
 * the plain name plus `~<hash of its full name>`. When neither file exists
 * yet, the first test to run (definition order) gets the plain name. A test
 * that already has a `~<hash>` file keeps it.
 *
 * @example
 * const tracker = createBaselineTracker()
 * tracker.claim('/repo/snapshots', 'model-selection.spec.ts', ['facts and selection'])
 * // 'model-selection.spec.ts/facts-and-selection.json'
 */
export function createBaselineTracker(): BaselineTracker {
  const owners = new Map<string, string>()
  const touched = new Set<string>()
  const reads = new Map<string, BaselineJson>()
  return {
    touched,
    claim(snapshotDir, specFile, test, index = 1) {
      const spec = checkRelativePath(specFile, 'spec file')
      const me = JSON.stringify(test)
      const plain = `${spec}/${baselineStem(test, { index })}.json`
      const hashed = `${spec}/${baselineStem(test, { index, disambiguate: true })}.json`
      const chosen = choose()
      owners.set(chosen, me)
      touched.add(chosen)
      return chosen

      function choose(): string {
        if (plain === hashed) return plain
        const claimedBy = owners.get(plain)
        if (claimedBy !== undefined) return claimedBy === me ? plain : hashed
        const plainFile = resolveInside(snapshotDir, plain)
        if (existsSync(plainFile)) {
          const owner = recordedTest(plainFile, plain)
          return owner === me || owner === undefined ? plain : hashed
        }
        return existsSync(resolveInside(snapshotDir, hashed)) ? hashed : plain
      }
    },
    take(file) {
      const read = reads.get(file)
      if (read === undefined) return undefined
      reads.delete(file)
      return read.signature !== '' && read.signature === signatureOf(file) ? read : undefined
    },
  }

  /** The `test` field of a baseline file as a JSON string; undefined when unreadable (then the file is assumed to be ours, and checking it reports the problem). */
  function recordedTest(file: string, relativeFile: string): string | undefined {
    let read: BaselineJson
    try {
      read = readBaselineJson(file, relativeFile)
    } catch {
      return undefined
    }
    reads.delete(file)
    reads.set(file, read)
    if (reads.size > KEPT_READS) reads.delete(reads.keys().next().value as string)
    if (read.status === 'corrupt') return undefined
    const test = (read.data as { test?: unknown } | null)?.test
    return Array.isArray(test) && test.every((t) => typeof t === 'string') ? JSON.stringify(test) : undefined
  }
}
