import { fileURLToPath } from 'node:url'
import { join, resolve } from 'node:path'

const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..')

/**
 * The folder of real PDFs: `BUTTERFLY_PDF_DIR`, else `<BUTTERFLY_DATA_DIR>/pdfs`,
 * else `../shared/data/pdfs` beside the repository.
 *
 * @example
 * BUTTERFLY_PDF_DIR=~/contracts npm run stability
 */
export function defaultPdfDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.BUTTERFLY_PDF_DIR) return resolve(env.BUTTERFLY_PDF_DIR)
  return join(resolve(env.BUTTERFLY_DATA_DIR ?? join(repoRoot, '..', 'shared', 'data')), 'pdfs')
}
