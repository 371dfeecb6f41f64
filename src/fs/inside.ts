import { existsSync, lstatSync, realpathSync } from 'node:fs'
import { dirname, isAbsolute, relative, resolve } from 'node:path'

/**
 * A directory that files are kept under (the snapshot directory, the cassette
 * directory) and how its errors read.
 */
export interface ContainedDirectory {
  /** What the directory is called in messages, e.g. `snapshot directory`. */
  name: string
  /** What a file in it is called, e.g. `baseline` (messages say "baseline path", "baseline files"). */
  item: string
  /** Builds the error thrown for a path that would leave the directory. */
  fail: (message: string) => Error
}

/** True when `child` is `parent` or lies inside it (lexically). */
export function isInside(parent: string, child: string): boolean {
  const rel = relative(parent, child)
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel))
}

/**
 * Checks a relative path used under a contained directory: no absolute path,
 * no empty, `.` or `..` segment, no control characters. Returns it `/`-separated.
 *
 * @example
 * checkRelativePath('a.spec.ts/t.json', 'baseline path', snapshots) // 'a.spec.ts/t.json'
 */
export function checkRelativePath(path: string, what: string, scope: ContainedDirectory): string {
  const normalised = path.replaceAll('\\', '/')
  // eslint-disable-next-line no-control-regex
  const bad = /[\u0000-\u001f]/.test(normalised)
    ? 'contains a control character'
    : isAbsolute(path) || normalised.startsWith('/') || /^[A-Za-z]:/.test(normalised)
      ? 'is absolute'
      : normalised.split('/').some((s) => s === '' || s === '.' || s === '..')
        ? 'has an empty, "." or ".." segment'
        : undefined
  if (bad !== undefined) throw scope.fail(`${what} ${JSON.stringify(path)} ${bad}; it must stay inside the ${scope.name}`)
  return normalised
}

/**
 * Resolves `relativeFile` inside `root` and proves it stays there: lexically
 * (no `..`), and physically (no symlinked directory or file on the way that
 * points outside, no dangling symlink, the file itself regular). The root may
 * itself be a symlink. Returns the absolute path; reads and writes go there only.
 *
 * @example
 * resolveInside('cassettes', 'model-selection/0a1b.json', cassettes) // '/repo/cassettes/model-selection/0a1b.json'
 */
export function resolveInside(root: string, relativeFile: string, scope: ContainedDirectory): string {
  const label = `${scope.item} path`
  const rel = checkRelativePath(relativeFile, label, scope)
  const base = resolve(root)
  const target = resolve(base, ...rel.split('/'))
  if (!isInside(base, target)) throw scope.fail(`${label} "${rel}" escapes the ${scope.name} "${base}"`)
  if (!existsSync(base)) return target
  const realRoot = realpathSync(base)
  const escape = (problem: string): Error => scope.fail(`${label} "${rel}" ${problem} (${scope.name} "${base}"); refusing to read or write it`)
  // The deepest part of the path that exists decides where a write would land.
  let existing = target
  while (!existsSync(existing) && existing !== base) {
    if (lstatOrUndefined(existing)?.isSymbolicLink()) throw escape('is a dangling symlink')
    existing = dirname(existing)
  }
  if (!isInside(realRoot, realpathSync(existing))) throw escape('goes through a symlink that points outside it')
  const stat = lstatOrUndefined(target)
  if (stat?.isSymbolicLink()) throw escape(`is a symlink; ${scope.item} files must be regular files`)
  if (stat && !stat.isFile()) throw escape('is not a regular file')
  return target
}

function lstatOrUndefined(path: string): ReturnType<typeof lstatSync> | undefined {
  try {
    return lstatSync(path)
  } catch {
    return undefined
  }
}
