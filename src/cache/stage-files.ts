import { resolve } from 'node:path'
import { globSync } from 'tinyglobby'
import { sha256 } from '../core/hash.ts'
import { fileHash } from '../fs/file-hash.ts'

/**
 * A hash of the files a stage declared in `files` (paths or globs relative to
 * `cwd`): every matching path with its content hash. Throws naming the
 * pattern when one matches no file, so a typo cannot leave a stage uncovered.
 *
 * @example
 * stageFilesHash('facts', ['data/*.csv']) // '3e0a…'
 */
export function stageFilesHash(stage: string, patterns: readonly string[], cwd = process.cwd()): string {
  const parts: string[] = []
  for (const pattern of patterns) {
    if (typeof pattern !== 'string' || pattern === '') throw new TypeError(`"files" must list non-empty paths or globs, got ${JSON.stringify(pattern)}`)
    const matches = globSync(pattern, { cwd, onlyFiles: true, expandDirectories: false }).sort()
    if (matches.length === 0) throw new Error(`stage "${stage}": files pattern ${JSON.stringify(pattern)} matches no file under ${cwd}`)
    for (const path of matches) parts.push(`${path}:${fileHash(resolve(cwd, path)) ?? 'unreadable'}`)
  }
  return sha256(parts.join('\n'))
}
