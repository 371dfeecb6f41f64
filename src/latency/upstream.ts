import type { AnyStage } from '../core/stage.ts'
import { needsOf } from '../core/stage.ts'

/**
 * The stages `stage` reads, directly or through other stages, in the order
 * they appear in `stages` (not `stage` itself): exactly what must run to
 * give it its inputs.
 *
 * @example
 * upstreamOf([extract, facts, benchmark], facts) // [extract]
 */
export function upstreamOf(stages: readonly AnyStage[], stage: AnyStage): AnyStage[] {
  const needed = new Set<AnyStage>()
  const visit = (s: AnyStage): void => {
    for (const [, dep] of needsOf(s)) {
      if (needed.has(dep)) continue
      needed.add(dep)
      visit(dep)
    }
  }
  visit(stage)
  return stages.filter((s) => needed.has(s))
}
