import { resolve } from 'node:path'

/** The environment variable that points at the default local GGUF model. */
export const LOCAL_MODEL_ENV = 'BUTTERFLY_LOCAL_MODEL'

/**
 * The default model file, relative to the working directory (the project
 * root when run by npm scripts or Vitest): the tiny model in a `shared/`
 * folder beside the project. Relative to the working directory, not to this
 * package, so it means the same thing in this repository and in a project
 * that installed the package.
 */
export const DEFAULT_LOCAL_MODEL = '../shared/models/stories260K.gguf'

/** Where a model path came from, so that a missing file names the setting to fix. */
export type LocalModelSource = 'option' | 'env' | 'default'

/**
 * Resolves the model file of `local()`: the `model` option, else
 * `BUTTERFLY_LOCAL_MODEL`, else {@link DEFAULT_LOCAL_MODEL}. Relative paths are
 * resolved from the working directory.
 *
 * @example
 * resolveLocalModelPath(undefined, { BUTTERFLY_LOCAL_MODEL: '/models/tiny.gguf' }) // { path: '/models/tiny.gguf', source: 'env' }
 */
export function resolveLocalModelPath(
  option?: string, env: Record<string, string | undefined> = process.env,
): { path: string; source: LocalModelSource } {
  if (option) return { path: resolve(option), source: 'option' }
  const fromEnv = env[LOCAL_MODEL_ENV]?.trim()
  if (fromEnv) return { path: resolve(fromEnv), source: 'env' }
  return { path: resolve(DEFAULT_LOCAL_MODEL), source: 'default' }
}
