import { CassetteError } from '../errors.ts'

/**
 * What a run does with recordings of model calls:
 * - `off`: always call the model, read and write nothing;
 * - `record`: always call the model and (re)write the recording;
 * - `replay`: only read recordings; a network call without one fails;
 * - `auto`: replay what exists, call and record what does not.
 */
export type CassetteMode = 'off' | 'record' | 'replay' | 'auto'

/** Where the effective mode came from (so an error can say how to change it). */
export type CassetteModeSource = 'option' | 'env' | 'ci' | 'default'

/** The environment variable that chooses the mode. */
export const LLM_MODE_ENV = 'BUTTERFLY_LLM_MODE'

const MODES: readonly CassetteMode[] = ['off', 'record', 'replay', 'auto']

/**
 * True when the `CI` environment variable is set to something other than
 * an empty string, `false` or `0`.
 *
 * @example
 * isCi({ CI: 'true' }) // true
 * isCi({ CI: 'false' }) // false
 */
export function isCi(env: Record<string, string | undefined> = process.env): boolean {
  const v = env.CI?.trim().toLowerCase()
  return v !== undefined && v !== '' && v !== 'false' && v !== '0'
}

/**
 * Resolves the cassette mode: the `mode` option, else `BUTTERFLY_LLM_MODE`,
 * else `replay` in CI and `auto` elsewhere. A misspelt value is misuse and throws.
 *
 * @default 'auto' locally, 'replay' when CI is set
 * @example
 * resolveCassetteMode(undefined, { CI: '1' }) // { mode: 'replay', source: 'ci' }
 */
export function resolveCassetteMode(
  option?: CassetteMode, env: Record<string, string | undefined> = process.env,
): { mode: CassetteMode; source: CassetteModeSource } {
  if (option !== undefined) {
    if (!MODES.includes(option)) throw new CassetteError(`llm option mode "${String(option)}" is not one of ${MODES.join(', ')}`, { component: 'cassette' })
    return { mode: option, source: 'option' }
  }
  const fromEnv = env[LLM_MODE_ENV]?.trim()
  if (fromEnv) {
    if (!MODES.includes(fromEnv as CassetteMode)) {
      throw new CassetteError(`${LLM_MODE_ENV}="${fromEnv}" is not one of ${MODES.join(', ')}`, { component: 'cassette' })
    }
    return { mode: fromEnv as CassetteMode, source: 'env' }
  }
  return isCi(env) ? { mode: 'replay', source: 'ci' } : { mode: 'auto', source: 'default' }
}
