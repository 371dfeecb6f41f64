import { ButterflyError } from '../errors.ts'

/**
 * The share of cache hits a run checks: the `selfCheck` option, else
 * `BUTTERFLY_SELF_CHECK` (a number in 0..1), else 0. Throws naming the
 * option or the variable when the value is not a number in 0..1.
 *
 * @example
 * resolveSelfCheck(undefined) // 0.1 with BUTTERFLY_SELF_CHECK=0.1
 */
export function resolveSelfCheck(option: number | undefined, env: NodeJS.ProcessEnv = process.env): number {
  const fromEnv = env.BUTTERFLY_SELF_CHECK
  const [value, where] = option !== undefined ? [option, 'option "selfCheck"'] : fromEnv ? [Number(fromEnv), `BUTTERFLY_SELF_CHECK=${fromEnv}`] : [0, '']
  if (typeof value !== 'number' || !(value >= 0 && value <= 1)) throw new ButterflyError(`${where} must be a share of cache hits between 0 and 1, got ${String(option ?? fromEnv)}`)
  return value
}
