import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { defineStage } from 'vitest-butterfly'
import { z } from 'zod'
import { ENGINE_NAMES } from '../engines/engine.ts'
import { engines } from '../engines/engines.ts'
import type { DocumentFactsParams } from '../params.ts'
import type { DocumentEntry } from './documents.ts'
import { documents } from './documents.ts'
import { resolvePdfDir } from '../pdf-dir.ts'

/** The text one engine extracted from one document. */
export const extractedSchema = z.object({
  doc: z.string(),
  engine: z.enum(ENGINE_NAMES),
  pageCount: z.number().int().nonnegative(),
  /** Text of the first `maxPages` pages. */
  pages: z.array(z.string()),
})

/** An entry of the `extract` stage. */
export type ExtractedDocument = z.infer<typeof extractedSchema>

async function pdfBytes(doc: DocumentEntry, dir: string): Promise<Uint8Array> {
  if (doc.source.kind === 'generated') return new Uint8Array(Buffer.from(doc.source.base64, 'base64'))
  const bytes = new Uint8Array(await readFile(join(resolvePdfDir(dir), doc.source.file)))
  if (createHash('sha256').update(bytes).digest('hex') !== doc.sha256) {
    throw new Error(`[butterfly] [document-facts] ${doc.source.file} changed after the documents stage listed it; run again`)
  }
  return bytes
}

/**
 * `extract`: per document, the text of its first `extraction.maxPages` pages
 * as the engine named by `extraction.engine` reads them.
 */
export const extract = defineStage({
  name: 'extract',
  // Bump when engines/ changes: the engines are not part of this function's source.
  version: '3',
  params: (p: DocumentFactsParams) => ({ ...p.extraction, dir: p.documents.dir }),
  needs: { documents },
  output: z.array(extractedSchema),
  run: async ({ params, inputs, ctx }) => {
    const engine = engines[params.engine]
    // One document at a time: both engines are single-threaded and memory-hungry on big files.
    return ctx.map(inputs.documents, async (doc) => {
      const text = await engine.extract(await pdfBytes(doc, params.dir), { maxPages: params.maxPages, mupdfOptions: params.mupdfOptions, order: params.order })
      ctx.log(`${doc.id}: ${text.pages.length}/${text.pageCount} pages, ${text.pages.reduce((n, p) => n + p.length, 0)} characters`)
      return { doc: doc.id, engine: params.engine, ...text }
    }, { concurrency: 1 })
  },
})
