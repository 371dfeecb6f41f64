import { readdirSync, readFileSync, statSync } from 'node:fs'
import { createHash } from 'node:crypto'
import { join } from 'node:path'
import { defineStage, hashValue } from 'vitest-butterfly'
import { z } from 'zod'
import { corpusCases } from '../corpus/cases.ts'
import { generateCorpus } from '../corpus/generate.ts'
import { HAZARDS } from '../corpus/hazards/hazards.ts'
import type { Hazard } from '../corpus/hazards/hazards.ts'
import { DOCUMENT_CLASSES } from '../params.ts'
import type { DocumentFactsParams } from '../params.ts'
import { resolvePdfDir } from '../pdf-dir.ts'

const knownFact = z.object({ key: z.string(), value: z.string(), unit: z.string().optional(), ordinal: z.number().int().optional() })

/** One input document: a real PDF named by its file, or a generated one carried inline. */
export const documentSchema = z.object({
  id: z.string(),
  class: z.enum(DOCUMENT_CLASSES),
  title: z.string(),
  /** sha256 of the PDF bytes: what makes every later stage content-addressed. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  bytes: z.number().int().positive(),
  source: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('file'), file: z.string() }),
    z.object({ kind: z.literal('generated'), layout: z.string(), hard: z.string(), base64: z.string(), known: z.array(knownFact) }),
  ]),
})

/** A document of the `documents` stage. */
export type DocumentEntry = z.infer<typeof documentSchema>

function pdfFiles(dir: string, include: readonly string[]): string[] {
  let names: string[]
  try {
    names = readdirSync(resolvePdfDir(dir))
  } catch (cause) {
    throw new Error(`[butterfly] [document-facts] cannot read the PDF folder ${dir}: set BUTTERFLY_PDF_DIR (or BUTTERFLY_DATA_DIR), or documents.real: false`, { cause })
  }
  const all = names.filter((f) => f.toLowerCase().endsWith('.pdf')).sort()
  return include.length === 0 ? all : all.filter((f) => include.includes(f.replace(/\.pdf$/i, '')))
}

// The stage reads files, which its params alone do not describe: the slice
// carries a fingerprint (name, size, mtime) so adding or changing a PDF is a
// new cache key. Contents are hashed in the output, so later stages are
// keyed by the bytes themselves.
function fingerprint(dir: string, include: readonly string[]): string[] {
  try {
    return pdfFiles(dir, include).map((f) => {
      const s = statSync(join(resolvePdfDir(dir), f))
      return `${f}:${s.size}:${Math.round(s.mtimeMs)}`
    })
  } catch {
    return ['unreadable']
  }
}

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex')

/**
 * `documents`: the real PDFs in `documents.dir` plus the generated corpus,
 * each with its class and content hash.
 */
export const documents = defineStage({
  name: 'documents',
  // Editing a corpus case must invalidate the cached list, so the cases are part of the version.
  version: `1:${hashValue(corpusCases.map((c) => ({ ...c, pages: c.pages() }))).slice(0, 16)}`,
  params: (p: DocumentFactsParams) => ({ ...p.documents, fingerprint: p.documents.real ? fingerprint(p.documents.dir, p.documents.include) : [] }),
  output: z.array(documentSchema),
  run: async ({ params }) => {
    const real: DocumentEntry[] = (params.real ? pdfFiles(params.dir, params.include) : []).map((file) => {
      const bytes = readFileSync(join(resolvePdfDir(params.dir), file))
      const id = file.replace(/\.pdf$/i, '')
      return { id, class: params.classes[id] ?? 'prose', title: id, sha256: sha256(bytes), bytes: bytes.length, source: { kind: 'file', file } }
    })
    const generated: DocumentEntry[] = params.generated
      ? (await generateCorpus()).map(({ case: c, bytes }) => ({
        id: c.id, class: (HAZARDS as readonly string[]).includes(c.layout) ? c.layout as Hazard : 'generated', title: c.title, sha256: sha256(bytes), bytes: bytes.length,
        source: { kind: 'generated', layout: c.layout, hard: c.hard, base64: Buffer.from(bytes).toString('base64'), known: c.facts },
      }))
      : []
    return [...real, ...generated]
  },
})
