import type { RunResult } from '../core/result.ts'
import type { BaselineLineage } from './format.ts'

/**
 * The lineage of a set of runs (one per sample, in sample order): for every
 * stage that completed in all of them, each sample's cache key and content
 * hash. `checkBaseline` records it with a baseline, so that a later drift can
 * be spliced onto the baseline's inputs (`attributeDrift`).
 *
 * @example
 * const runs = [await run(pipeline, {}, { sample: 0 }), await run(pipeline, {}, { sample: 1 })]
 * checkBaseline({ ...options, lineage: lineageOf(runs) })
 */
export function lineageOf(runs: readonly RunResult[]): Record<string, BaselineLineage> {
  const lineage: Record<string, BaselineLineage> = Object.create(null) as Record<string, BaselineLineage>
  const first = runs[0]
  if (!first) return lineage
  for (const stage of first.order) {
    const keys: string[] = []
    const hashes: string[] = []
    for (const run of runs) {
      const r = Object.hasOwn(run.stages, stage) ? run.stages[stage] : undefined
      // A perturbed output (a data perturbation) is not what its key stores; such a stage has no lineage.
      if (!r || (r.status !== 'executed' && r.status !== 'cached') || r.perturbed) break
      keys.push(r.key)
      hashes.push(r.hash)
    }
    if (keys.length === runs.length) lineage[stage] = { keys, hashes }
  }
  return lineage
}
