import { data, transform } from './custom.ts'
import { grid } from './grid.ts'
import { jitter } from './jitter.ts'
import { swap } from './swap.ts'

/**
 * The perturbation factories.
 *
 * @example
 * await sweep(pipeline, { perturbations: [perturb.jitter('generation.top_p', 0.05)], repeats: 5 })
 */
export const perturb = { jitter, swap, transform, data, grid } as const
