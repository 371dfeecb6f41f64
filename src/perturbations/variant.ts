import type { RunResult } from '../core/result.ts'

/**
 * One variant of a sweep with its runs, one per sample. Its own file because
 * the sweep, the drift estimate, the pairing and the ripple all read it.
 *
 * @example
 * const base = result.variants.find((v) => v.base)
 * base.runs[0].output('answer')
 */
export interface Variant {
  id: string
  label: string
  /** Resolved params of this variant. */
  params: unknown
  /** True for the base (unperturbed) variant. */
  base: boolean
  runs: RunResult[]
}
