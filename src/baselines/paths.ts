import { relative, resolve, sep } from 'node:path'
import { BaselineError } from '../errors.ts'
import type { ContainedDirectory } from '../fs/inside.ts'
import * as inside from '../fs/inside.ts'

const SNAPSHOTS: ContainedDirectory = {
  name: 'snapshot directory',
  item: 'baseline',
  fail: (message) => new BaselineError(`${message}`, { component: 'baselines' }),
}

/**
 * The key of a spec file under the snapshot directory: its path relative to
 * `root`, `/`-separated. Throws `BaselineError` when the file is outside `root`.
 *
 * @example
 * specKeyOf('/repo/specs', '/repo/specs/model-selection.spec.ts') // 'model-selection.spec.ts'
 */
export function specKeyOf(root: string, specFile: string): string {
  const abs = resolve(root, specFile)
  if (!inside.isInside(resolve(root), abs) || abs === resolve(root)) {
    throw new BaselineError(`spec file "${specFile}" is outside the root "${root}"; its baselines cannot be placed`, { component: 'baselines' })
  }
  return relative(resolve(root), abs).split(sep).join('/')
}

/**
 * Checks a relative path used under the snapshot directory (a spec key or a
 * baseline file): no absolute path, no empty, `.` or `..` segment, no control
 * characters. Returns it `/`-separated.
 */
export function checkRelativePath(path: string, what: string): string {
  return inside.checkRelativePath(path, what, SNAPSHOTS)
}

/**
 * Resolves `relativeFile` inside `snapshotDir` and proves it stays there:
 * lexically (no `..`), and physically (no symlinked directory or file on the
 * way that points outside). Returns the absolute path.
 */
export function resolveInside(snapshotDir: string, relativeFile: string): string {
  return inside.resolveInside(snapshotDir, relativeFile, SNAPSHOTS)
}
