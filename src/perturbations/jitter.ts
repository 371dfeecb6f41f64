import { getPath, setPath } from '../core/params.ts'
import { PerturbationError } from '../errors.ts'
import { checkPoint } from './check-point.ts'
import { assertParamPath } from './paths.ts'
import type { Perturbation, VariantSpec } from './perturbation.ts'

/** Options of {@link jitter}. */
export interface JitterOptions {
  /** Points on each side: base ± k·delta/steps for k = 1..steps. @default 1 */
  steps?: number
}

// Sums like 0.9 + 0.05 are 0.9500000000000001 in binary; ids and cache keys
// must read 0.95 so that the same point is always the same variant.
const tidy = (x: number): number => Number.parseFloat(x.toPrecision(12))

/**
 * Moves a numeric param to base ± delta (± k·delta/steps for k = 1..steps).
 * Points outside the param's schema bounds are dropped with a note; if none
 * is left the sweep fails before running.
 *
 * @example
 * perturb.jitter('generation.top_p', 0.05)            // 0.85 and 0.95 around 0.9
 * perturb.jitter('generation.temperature', 0.2, { steps: 2 }) // ±0.1, ±0.2
 */
export function jitter(path: string, delta: number, options: JitterOptions = {}): Perturbation {
  const steps = options.steps ?? 1
  const describe = `jitter(${path}, ±${delta}${steps > 1 ? `, ${steps} steps` : ''})`
  if (!(typeof delta === 'number' && Number.isFinite(delta) && delta > 0)) {
    throw new PerturbationError(`${describe}: delta must be a positive number`, { component: 'perturb' })
  }
  if (!Number.isInteger(steps) || steps < 1) throw new PerturbationError(`${describe}: steps must be a positive integer`, { component: 'perturb' })
  return {
    kind: 'jitter',
    describe,
    async expand({ pipeline, base }) {
      assertParamPath(base, path, describe)
      const value = getPath(base, path)
      if (typeof value !== 'number') {
        throw new PerturbationError(`${describe}: param "${path}" is ${JSON.stringify(value)}, not a number`, { component: 'perturb' })
      }
      const variants: VariantSpec[] = []
      const notes: string[] = []
      const offsets = Array.from({ length: steps }, (_, i) => tidy((delta * (i + 1)) / steps))
      for (const offset of [...offsets.map((o) => -o).reverse(), ...offsets]) {
        const next = tidy(value + offset)
        const params = setPath(base, path, next)
        const note = await checkPoint(pipeline, params, `${path}=${next}`)
        if (note) {
          notes.push(note)
          continue
        }
        variants.push({ id: `${path}=${next}`, label: `${path} ${value} → ${next}`, apply: (p) => setPath(p, path, next) })
      }
      if (variants.length === 0) {
        throw new PerturbationError(`${describe}: every point is outside the params schema (${notes.join('; ')})`, { component: 'perturb' })
      }
      return { variants, notes }
    },
  }
}
