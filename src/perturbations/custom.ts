import type { TransformContext } from '../core/transform.ts'
import { isSafeName } from '../core/pipeline.ts'
import { PerturbationError } from '../errors.ts'
import { checkPoint } from './check-point.ts'
import { definedIn, recordDefiningModule } from '../core/defined-in.ts'
import type { Perturbation } from './perturbation.ts'

function checkName(kind: string, name: string): void {
  if (typeof name !== 'string' || !isSafeName(name)) {
    throw new PerturbationError(`${kind}(${JSON.stringify(name)}): the name must be letters, digits, ".", "_" or "-"`, { component: 'perturb' })
  }
}

/**
 * A custom params perturbation: `fn` returns the variant's params from the
 * base params. The result must still fit the params schema.
 *
 * @example
 * perturb.transform('longer-answers', (p) => ({ ...p, answer: { ...p.answer, max_tokens: 64 } }))
 */
export function transform<P = any>(name: string, fn: (params: P) => P): Perturbation {
  checkName('transform', name)
  const describe = `transform(${name})`
  return {
    kind: 'transform',
    describe,
    async expand({ pipeline, base }) {
      const params = fn(structuredClone(base) as P)
      const note = await checkPoint(pipeline, params, name)
      if (note) throw new PerturbationError(`${describe}: ${note}`, { component: 'perturb' })
      return { variants: [{ id: name, label: name, apply: (p) => fn(structuredClone(p) as P) }], notes: [] }
    },
  }
}

/** Options of {@link data}. */
export interface DataOptions {
  /** The stage whose output is changed before its dependents see it. */
  after: string
  /**
   * Declares what the function computes, as a stage's `version` does: with
   * it, each changed output is memoised in the cache (by this version, the
   * function's source, the declaring module's code, the input's hash, the
   * sample and the seed) and later runs read it instead of applying the
   * function again. Include every value the function captures from outside
   * (loop variables, data it was built from): nothing else can see them.
   * @default none: the function is applied on every run
   */
  version?: string
}

/**
 * A data perturbation: changes a stage's output before its dependents see it
 * (answer-option shuffles, prompt reformatting, dropped or reordered
 * documents). Use `ctx.sample` / `ctx.seed` for randomness so that every
 * repeat differs yet repeats exactly.
 *
 * @example
 * perturb.data('shuffle-options', (items, ctx) => shuffleOptions(items, ctx.seed), { after: 'benchmark' })
 */
export function data<T = any>(name: string, fn: (output: T, ctx: TransformContext) => T, options: DataOptions): Perturbation {
  checkName('data', name)
  if (options?.version !== undefined && typeof options.version !== 'string') throw new PerturbationError(`data(${JSON.stringify(name)}): option "version" must be a string`, { component: 'perturb' })
  const memo = options?.version === undefined ? undefined : { version: options.version, source: fn.toString(), module: definedIn(recordDefiningModule({}, new Error().stack, 'data (')) }
  const describe = `data(${name} after ${options?.after})`
  return {
    kind: 'data',
    describe,
    async expand({ pipeline }) {
      const names = pipeline.stages.map((s) => s.name)
      if (!names.includes(options?.after)) {
        throw new PerturbationError(`${describe}: no stage "${String(options?.after)}" in pipeline "${pipeline.name}" (stages: ${names.join(', ')})`, { component: 'perturb' })
      }
      const transforms = { [options.after]: { id: name, apply: (output: unknown, ctx: TransformContext) => fn(output as T, ctx), ...(memo ? { memo } : {}) } }
      return { variants: [{ id: name, label: `${name} (after ${options.after})`, apply: (p) => p, transforms }], notes: [] }
    },
  }
}
