import { existsSync, readdirSync, rmdirSync, rmSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { baselineOfOutputsFile, isOutputsFile } from './outputs-file.ts'
import { checkRelativePath, resolveInside } from './paths.ts'

/** Options of {@link findObsoleteBaselines}. */
export interface FindObsoleteOptions {
  snapshotDir: string
  /** Baseline and latency baseline files checked or written in the run (relative to `snapshotDir`), failed checks included. */
  touched: Iterable<string>
  /** Spec files (relative, as passed to `checkBaseline`) whose tests all ran: not filtered by `-t`, `.only` or `.skip`. */
  specFiles: Iterable<string>
  /** When given, baselines of spec files that no longer exist under `root` are obsolete too. */
  root?: string
}

// Output baselines (and their outputs files) are `.json`; latency baselines
// (src/bench/latency-baseline.ts, which imports this area) are `.latency`.
const isBaselineName = (name: string): boolean => name.endsWith('.json') || name.endsWith('.latency')

/** Every baseline file (`.json`, `.latency`) below `dir` (relative, `/`-separated), not following symlinks. */
function listBaselines(dir: string, prefix = ''): string[] {
  const out: string[] = []
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const rel = prefix === '' ? entry.name : `${prefix}/${entry.name}`
    if (entry.isDirectory()) out.push(...listBaselines(join(dir, entry.name), rel))
    else if (entry.isFile() && isBaselineName(entry.name) && prefix !== '') out.push(rel)
  }
  return out
}

/**
 * Baseline files (output baselines `.json`, latency baselines `.latency`)
 * no test wrote or checked: files in the folder of a spec
 * file that ran fully but were not touched, and (with `root`) files of spec
 * files that no longer exist. Sorted, relative to `snapshotDir`. Like
 * Vitest's obsolete snapshots: report them, fail on them in CI when asked,
 * remove them under `-u` with {@link removeObsoleteBaselines}. An outputs
 * file (`x~outputs.json`) goes with its baseline `x.json`: obsolete when that
 * is, or when that no longer exists.
 *
 * @example
 * findObsoleteBaselines({ snapshotDir: 'snapshots', touched: ['a.spec.ts/x.json'], specFiles: ['a.spec.ts'] })
 * // ['a.spec.ts/renamed-test.json']
 */
export function findObsoleteBaselines(options: FindObsoleteOptions): string[] {
  const dir = resolve(options.snapshotDir)
  if (!existsSync(dir)) return []
  const touched = new Set([...options.touched].map((f) => checkRelativePath(f, 'touched baseline')))
  const ran = new Set([...options.specFiles].map((f) => checkRelativePath(f, 'spec file')))
  const files = listBaselines(dir)
  const present = new Set(files)
  const obsolete = new Set<string>()
  for (const file of files) {
    const owner = isOutputsFile(file) ? baselineOfOutputsFile(file) : file
    if (touched.has(owner) && present.has(owner)) continue
    const spec = dirname(file)
    const gone = options.root !== undefined && !existsSync(resolve(options.root, spec))
    if (ran.has(spec) || gone) obsolete.add(file)
  }
  return [...obsolete].sort()
}

/**
 * Deletes obsolete baseline files (each proven to be inside `snapshotDir`)
 * and the spec folders they leave empty. Returns the files removed.
 *
 * @example
 * removeObsoleteBaselines('snapshots', findObsoleteBaselines({ snapshotDir: 'snapshots', touched, specFiles }))
 */
export function removeObsoleteBaselines(snapshotDir: string, files: Iterable<string>): string[] {
  const removed: string[] = []
  for (const file of files) {
    const abs = resolveInside(snapshotDir, file)
    if (!existsSync(abs)) continue
    rmSync(abs)
    removed.push(file)
    let folder = dirname(abs)
    const root = resolve(snapshotDir)
    while (folder !== root && folder.startsWith(root) && readdirSync(folder).length === 0) {
      rmdirSync(folder)
      folder = dirname(folder)
    }
  }
  return removed
}
