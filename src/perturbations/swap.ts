import { getPath, setPath } from '../core/params.ts'
import { hashValue } from '../core/hash.ts'
import { PerturbationError } from '../errors.ts'
import { checkPoint, show } from './check-point.ts'
import { assertParamPath } from './paths.ts'
import type { Perturbation, VariantSpec } from './perturbation.ts'

/**
 * Replaces a component: the extraction engine, a model, a judge, a prompt
 * template. A value equal to the base is skipped with a note (it is the base).
 *
 * @example
 * perturb.swap('extraction.engine', 'mupdf')
 * perturb.swap('answer.template', ['plain', 'numbered', 'json'])
 */
export function swap(path: string, values: unknown): Perturbation {
  const list = Array.isArray(values) ? values : [values]
  const describe = `swap(${path} → ${list.map(show).join(' | ')})`
  if (list.length === 0) throw new PerturbationError(`${describe}: give at least one value`, { component: 'perturb' })
  return {
    kind: 'swap',
    describe,
    async expand({ pipeline, base }) {
      assertParamPath(base, path, describe)
      const current = getPath(base, path)
      const variants: VariantSpec[] = []
      const notes: string[] = []
      for (const value of list) {
        if (hashValue(value) === hashValue(current)) {
          notes.push(`${path}=${show(value)} is the base value; skipped`)
          continue
        }
        const note = await checkPoint(pipeline, setPath(base, path, value), `${path}=${show(value)}`)
        if (note) {
          notes.push(note)
          continue
        }
        variants.push({ id: `${path}=${show(value)}`, label: `${path} ${show(current)} → ${show(value)}`, apply: (p) => setPath(p, path, value) })
      }
      if (variants.length === 0) throw new PerturbationError(`${describe}: no value is left to swap in (${notes.join('; ')})`, { component: 'perturb' })
      return { variants, notes }
    },
  }
}
