import { hasPath, leafPaths } from '../core/params.ts'
import { PerturbationError } from '../errors.ts'

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!
    row[0] = i
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]!
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1))
      prev = cur
    }
  }
  return row[b.length]!
}

/** The valid param paths closest to `path`, best first. */
export function nearestPaths(base: unknown, path: string, count = 3): string[] {
  return leafPaths(base)
    .map((candidate) => ({ candidate, d: distance(candidate, path) }))
    .sort((x, y) => x.d - y.d || x.candidate.localeCompare(y.candidate))
    .slice(0, count)
    .map((x) => x.candidate)
}

/** Throws a {@link PerturbationError} naming `path` and the nearest valid ones when it is not a param. */
export function assertParamPath(base: unknown, path: string, who: string): void {
  if (typeof path === 'string' && path !== '' && hasPath(base, path)) return
  const near = nearestPaths(base, String(path))
  throw new PerturbationError(
    `${who}: no param "${String(path)}" in the pipeline's params` +
      (near.length ? `; nearest valid: ${near.join(', ')}` : ''),
    { component: 'perturb' },
  )
}
