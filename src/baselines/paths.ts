import { existsSync, lstatSync, realpathSync } from 'node:fs'
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path'
import { BaselineError } from '../errors.ts'

function isInside(parent: string, child: string): boolean {
  const rel = relative(parent, child)
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel))
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
  if (!isInside(resolve(root), abs) || abs === resolve(root)) {
    throw new BaselineError(`[baselines] spec file "${specFile}" is outside the root "${root}"; its baselines cannot be placed`)
  }
  return relative(resolve(root), abs).split(sep).join('/')
}

/**
 * Checks a relative path used under the snapshot directory (a spec key or a
 * baseline file): no absolute path, no empty, `.` or `..` segment, no control
 * characters. Returns it `/`-separated.
 */
export function checkRelativePath(path: string, what: string): string {
  const normalised = path.replaceAll('\\', '/')
  // eslint-disable-next-line no-control-regex
  const bad = /[\u0000-\u001f]/.test(normalised)
    ? 'contains a control character'
    : isAbsolute(path) || normalised.startsWith('/') || /^[A-Za-z]:/.test(normalised)
      ? 'is absolute'
      : normalised.split('/').some((s) => s === '' || s === '.' || s === '..')
        ? 'has an empty, "." or ".." segment'
        : undefined
  if (bad !== undefined) throw new BaselineError(`[baselines] ${what} ${JSON.stringify(path)} ${bad}; it must stay inside the snapshot directory`)
  return normalised
}

/**
 * Resolves `relativeFile` inside `snapshotDir` and proves it stays there:
 * lexically (no `..`), and physically (no symlinked directory or file on the
 * way that points outside). Returns the absolute path.
 */
export function resolveInside(snapshotDir: string, relativeFile: string): string {
  const rel = checkRelativePath(relativeFile, 'baseline path')
  const root = resolve(snapshotDir)
  const target = resolve(root, ...rel.split('/'))
  if (!isInside(root, target)) throw new BaselineError(`[baselines] baseline path "${rel}" escapes the snapshot directory "${root}"`)
  if (!existsSync(root)) return target
  const realRoot = realpathSync(root)
  // The deepest part of the path that exists decides where a write would land.
  let existing = target
  while (!existsSync(existing) && existing !== root) {
    const stat = lstatOrUndefined(existing)
    if (stat?.isSymbolicLink()) throw escape(rel, root, 'is a dangling symlink')
    existing = dirname(existing)
  }
  if (!isInside(realRoot, realpathSync(existing))) throw escape(rel, root, 'goes through a symlink that points outside it')
  const stat = lstatOrUndefined(target)
  if (stat?.isSymbolicLink()) throw escape(rel, root, 'is a symlink; baseline files must be regular files')
  if (stat && !stat.isFile()) throw escape(rel, root, 'is not a regular file')
  return target
}

function lstatOrUndefined(path: string): ReturnType<typeof lstatSync> | undefined {
  try {
    return lstatSync(path)
  } catch {
    return undefined
  }
}

function escape(rel: string, root: string, problem: string): BaselineError {
  return new BaselineError(`[baselines] baseline path "${rel}" ${problem} (snapshot directory "${root}"); refusing to read or write it`)
}
