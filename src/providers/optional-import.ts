import { MissingDependencyError } from '../errors.ts'

/** What {@link importOptional} needs to name a missing package. */
export interface OptionalPackage {
  /** The package name, e.g. `node-llama-cpp`. */
  name: string
  /** The command that installs it, e.g. `npm install -D node-llama-cpp@3.21.1`. */
  install: string
  /** What needs it, e.g. `local()`. */
  neededBy: string
}

const MISSING = new Set(['ERR_MODULE_NOT_FOUND', 'MODULE_NOT_FOUND'])

/**
 * Imports an optional peer dependency. When the package is not installed,
 * throws a {@link MissingDependencyError} that says how to install it; any
 * other failure (a broken install) keeps its own error as the cause.
 *
 * @example
 * const { getLlama } = await importOptional(() => import('node-llama-cpp'), { name: 'node-llama-cpp', install: 'npm install -D node-llama-cpp@3.21.1', neededBy: 'local()' })
 */
export async function importOptional<T>(load: () => Promise<T>, pkg: OptionalPackage): Promise<T> {
  try {
    return await load()
  } catch (error) {
    const code = (error as NodeJS.ErrnoException)?.code
    const message = String((error as Error)?.message ?? '')
    if ((code && MISSING.has(code) && message.includes(pkg.name)) || message.includes(`Cannot find package '${pkg.name}'`)) {
      throw new MissingDependencyError(
        `${pkg.neededBy} needs the optional package "${pkg.name}", which is not installed; install it with: ${pkg.install}`, { component: 'providers', cause: error },
      )
    }
    throw error
  }
}
