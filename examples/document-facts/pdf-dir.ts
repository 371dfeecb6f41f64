import { isAbsolute, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..')

/**
 * The folder of real PDFs as it enters the params (and so the cache keys and
 * baselines): `BUTTERFLY_PDF_DIR`, else `<BUTTERFLY_DATA_DIR>/pdfs`, both
 * resolved against the working directory; else `../shared/data/pdfs` kept
 * relative to the repository root, so the default key is the same in every clone.
 *
 * @example
 * BUTTERFLY_PDF_DIR=~/contracts npm run stability
 */
export function defaultPdfDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.BUTTERFLY_PDF_DIR) return resolve(env.BUTTERFLY_PDF_DIR)
  if (env.BUTTERFLY_DATA_DIR) return join(resolve(env.BUTTERFLY_DATA_DIR), 'pdfs')
  return '../shared/data/pdfs'
}

/**
 * Resolves a `documents.dir` param to an absolute path; relative paths are
 * relative to the repository root.
 *
 * @example
 * resolvePdfDir('../shared/data/pdfs') // '/work/shared/data/pdfs' for a repo in /work/main
 */
export function resolvePdfDir(dir: string): string {
  return isAbsolute(dir) ? dir : resolve(repoRoot, dir)
}
