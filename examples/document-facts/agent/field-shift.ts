import { defineMetric } from 'vitest-butterfly'
import type { Metric } from 'vitest-butterfly'

type Keyed = { id: string } & Record<string, unknown>

/**
 * A drift metric over items with ids: the share of ids (of either output)
 * whose `field` differs, an id present in one output only counting as
 * changed. Separates what a benchmark user sees (`question`) from what the
 * agent wrote (`reply`), which the whole-item `metrics.jsonDiff()` mixes.
 *
 * @example
 * sweep(llmPipeline, { perturbations: perturb.jitter('agent.top_p', 0.05) }).drift('benchmark', fieldShift('question'))
 */
export function fieldShift(field: string): Metric<readonly Keyed[]> {
  const changed = (a: readonly Keyed[], b: readonly Keyed[]): string[] => {
    const left = new Map(a.map((i) => [i.id, i[field]]))
    const right = new Map(b.map((i) => [i.id, i[field]]))
    return [...new Set([...left.keys(), ...right.keys()])].filter((id) => !left.has(id) || !right.has(id) || left.get(id) !== right.get(id))
  }
  return defineMetric({
    name: `fieldShift:${field}`,
    describe: `share of items whose "${field}" changed (matched by id)`,
    compute: (a, b) => {
      const ids = new Set([...a.map((i) => i.id), ...b.map((i) => i.id)]).size
      return ids === 0 ? 0 : changed(a, b).length / ids
    },
    details: (a, b) => ({ changed: changed(a, b) }),
  })
}
