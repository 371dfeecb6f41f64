import type { OutputTransform } from '../core/transform.ts'
import { PerturbationError } from '../errors.ts'
import { checkPoint } from './check-point.ts'
import type { Perturbation, VariantSpec } from './perturbation.ts'
import { own } from '../core/own.ts'

function mergeTransforms(a: VariantSpec['transforms'], b: VariantSpec['transforms']): VariantSpec['transforms'] {
  if (!a) return b
  if (!b) return a
  const out: Record<string, OutputTransform> = { ...a }
  for (const [stage, t] of Object.entries(b)) {
    const first = own(out, stage)
    out[stage] = first
      ? { id: `${first.id}+${t.id}`, apply: async (output, ctx) => t.apply(await first.apply(output, ctx), ctx) }
      : t
  }
  return out
}

/**
 * The cross product of several perturbations: every combination of their
 * points is one variant. Combinations outside the params schema are dropped
 * with a note.
 *
 * @example
 * perturb.grid(perturb.jitter('generation.top_p', 0.05), perturb.swap('extraction.engine', 'mupdf'))
 */
export function grid(...parts: Perturbation[]): Perturbation {
  if (parts.length === 0) throw new PerturbationError('grid(): give at least one perturbation', { component: 'perturb' })
  const describe = `grid(${parts.map((p) => p.describe).join(' × ')})`
  return {
    kind: 'grid',
    describe,
    async expand(ctx) {
      const notes: string[] = []
      let combos: VariantSpec[] = [{ id: '', label: '', apply: (p) => p }]
      for (const part of parts) {
        const expansion = await part.expand(ctx)
        notes.push(...expansion.notes)
        combos = combos.flatMap((left) => expansion.variants.map((right): VariantSpec => {
          const transforms = mergeTransforms(left.transforms, right.transforms)
          return {
            id: left.id ? `${left.id}&${right.id}` : right.id,
            label: left.label ? `${left.label}, ${right.label}` : right.label,
            apply: (p) => right.apply(left.apply(p)),
            ...(transforms ? { transforms } : {}),
          }
        }))
      }
      const variants: VariantSpec[] = []
      for (const combo of combos) {
        const note = await checkPoint(ctx.pipeline, combo.apply(ctx.base), combo.id)
        if (note) notes.push(note)
        else variants.push(combo)
      }
      if (variants.length === 0) throw new PerturbationError(`${describe}: no combination fits the params schema (${notes.join('; ')})`, { component: 'perturb' })
      return { variants, notes }
    },
  }
}
