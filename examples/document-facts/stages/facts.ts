import { defineStage } from 'vitest-butterfly'
import { z } from 'zod'
import { prepareText } from '../facts/prepare-text.ts'
import { readFacts } from '../facts/read-facts.ts'
import { tokenize } from '../facts/tokenize.ts'
import { DOCUMENT_CLASSES } from '../params.ts'
import type { DocumentFactsParams } from '../params.ts'
import { documents } from './documents.ts'
import { extract } from './extract.ts'

/** A fact with an id that is the same whichever engine extracted it, as long as the text around it reads the same. */
export const factSchema = z.object({
  /** `doc:label-words#ordinal=value unit`, then `~n` for the n-th repeat of the same id in a document. */
  id: z.string(),
  doc: z.string(),
  class: z.enum(DOCUMENT_CLASSES),
  page: z.number().int().positive(),
  kind: z.enum(['number', 'date']),
  label: z.string(),
  ordinal: z.number().int().nonnegative(),
  value: z.string(),
  unit: z.string(),
  raw: z.string(),
  context: z.string(),
})

/** A fact of the `facts` stage. */
export type Fact = z.infer<typeof factSchema>

/** The id of a fact before repeats are numbered. */
export function factId(doc: string, fact: { label: string; ordinal: number; value: string; unit: string }): string {
  return `${doc}:${fact.label.replaceAll(' ', '-')}#${fact.ordinal}=${fact.value}${fact.unit ? ` ${fact.unit}` : ''}`
}

/**
 * `facts`: numbers and dates with their labels, read from the extracted text
 * by deterministic code, with ids designed to be equal across engines when
 * the text reads the same and to change when the extraction breaks it.
 */
export const facts = defineStage({
  name: 'facts',
  // Bump when facts/ changes: the reader is not part of this function's source.
  version: '1',
  params: (p: DocumentFactsParams) => p.facts,
  needs: { documents, extract },
  output: z.array(factSchema),
  run: ({ params, inputs }) => {
    const classOf = new Map(inputs.documents.map((d) => [d.id, d.class]))
    return inputs.extract.flatMap((doc) => {
      const seen = new Map<string, number>()
      return doc.pages.flatMap((text, i) => readFacts(tokenize(prepareText(text, params)), params.labelWords).map((fact) => {
        const base = factId(doc.doc, fact)
        const n = (seen.get(base) ?? 0) + 1
        seen.set(base, n)
        return { id: n === 1 ? base : `${base}~${n}`, doc: doc.doc, class: classOf.get(doc.doc) ?? 'prose', page: i + 1, ...fact }
      }))
    })
  },
})
