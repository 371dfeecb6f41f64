import type { AnyPipeline } from '../core/pipeline.ts'
import type { OutputTransform } from '../core/transform.ts'

/** One perturbed point of a sweep: how it changes the params and/or stage outputs. */
export interface VariantSpec {
  /** Stable id, e.g. `generation.top_p=0.95`; used in reports and baselines. */
  id: string
  /** Human label, e.g. `generation.top_p 0.9 → 0.95`. */
  label: string
  /** Returns the variant's params from the base params (pure). */
  apply: (params: unknown) => unknown
  /** Data perturbations by stage name. */
  transforms?: Record<string, OutputTransform>
}

/** What a perturbation sees when it expands into variants. */
export interface ExpandContext {
  pipeline: AnyPipeline
  /** The resolved base params. */
  base: unknown
}

/** The points a perturbation expands to, and notes on points it dropped. */
export interface Expansion {
  variants: VariantSpec[]
  notes: string[]
}

/**
 * A declared perturbation (see `perturb.*`). It expands to variant points
 * against the base params; a path or stage it names that does not exist is a
 * {@link PerturbationError} before anything runs.
 */
export interface Perturbation {
  kind: 'jitter' | 'swap' | 'transform' | 'data' | 'grid'
  /** Short description used in reports, e.g. `jitter(generation.top_p, ±0.05)`. */
  describe: string
  expand(ctx: ExpandContext): Promise<Expansion>
}
