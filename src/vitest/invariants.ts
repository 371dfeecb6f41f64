import { expect, test } from 'vitest'
import type { AnyPipeline } from '../core/pipeline.ts'
import { OptionsError } from '../errors.ts'
import type { Perturbation } from '../perturbations/perturbation.ts'
import type { StableUnderOptions } from './matcher-types.ts'
import { declarationFrames, locateAtDeclaration, rememberDeclaration } from './declared-at.ts'
import { registerMatchers } from './register.ts'
import { watchSweeps } from './runtime.ts'

/** One declarative invariant: a stability assertion with its perturbation(s). */
export type InvariantSpec<P extends AnyPipeline = AnyPipeline> = StableUnderOptions<P> & {
  /** The perturbation(s) the stage must be stable under. */
  under: Perturbation | readonly Perturbation[]
  /** Test timeout in ms. @default Vitest's testTimeout */
  timeout?: number
}

/**
 * Declares one Vitest test per entry: each asserts `toBeStableUnder` with the
 * entry's perturbation(s) and options. Call it at the top level of a spec or
 * inside a `describe`.
 *
 * @example
 * invariants(pipeline, {
 *   'best model stable under ±0.05 top_p': {
 *     under: perturb.jitter('generation.top_p', 0.05), stage: 'select', metric: metrics.top1(), tolerance: 0,
 *   },
 * })
 */
export function invariants<P extends AnyPipeline>(pipeline: P, entries: Record<string, InvariantSpec<P>>): void {
  if (typeof entries !== 'object' || entries === null) throw new OptionsError('needs a record of { name: { under, stage, tolerance, ... } }', { component: 'invariants' })
  // Where in the spec the tests were declared: their annotations point there.
  const declared = declarationFrames(invariants)
  for (const [name, entry] of Object.entries(entries)) {
    if (!entry || typeof entry !== 'object' || entry.under === undefined) {
      throw new OptionsError(`entry "${name}" needs "under": the perturbation(s), e.g. perturb.jitter('generation.top_p', 0.05)`, { component: 'invariants' })
    }
    const { under, timeout, ...options } = entry
    test(name, async ({ task }) => {
      rememberDeclaration(task, declared)
      // The matchers (and progress) are set up here too, so invariants work without the setup file.
      registerMatchers()
      watchSweeps()
      try {
        await expect(pipeline).toBeStableUnder(under as Perturbation[], options as never)
      } catch (error) {
        // The failure points at the spec line that declared the test.
        throw locateAtDeclaration(error, declared)
      }
    }, timeout)
  }
}
