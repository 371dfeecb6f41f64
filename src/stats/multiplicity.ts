import { benjaminiHochbergAdjust } from './bh.ts'
import { holmAdjust } from './holm.ts'

/**
 * How a family of tests is corrected for multiplicity:
 * - `'holm'`: Holm's step-down; the chance of any false alarm in the family (FWER) stays ≤ α;
 * - `'bh'`: Benjamini–Hochberg; the expected share of false alarms among the alarms (FDR) stays ≤ α;
 * - `'none'`: every test at its own α (a family of m no-effect tests raises about m·α alarms).
 */
export type MultipleComparisons = 'holm' | 'bh' | 'none'

/**
 * Adjusted p-values of a family, in the input order: compare each with α.
 *
 * @example
 * adjustPValues([0.01, 0.04, 0.03, 0.005], 'holm') // [0.03, 0.06, 0.06, 0.02]
 * adjustPValues([0.01, 0.04, 0.03, 0.005], 'bh')   // [0.02, 0.04, 0.04, 0.02]
 */
export function adjustPValues(pValues: readonly number[], method: MultipleComparisons): number[] {
  if (method === 'holm') return holmAdjust(pValues)
  if (method === 'bh') return benjaminiHochbergAdjust(pValues)
  return [...pValues]
}
