import { defineStage, hashValue } from 'vitest-butterfly'
import { z } from 'zod'
import { DOCUMENT_CLASSES } from '../params.ts'
import type { DocumentFactsParams } from '../params.ts'
import { documents } from './documents.ts'
import type { Fact } from './facts.ts'
import { facts } from './facts.ts'

/** A question/answer item made from one fact. */
export const itemSchema = z.object({
  /** `template:factId`: equal across runs exactly when the fact id is. */
  id: z.string(),
  factId: z.string(),
  doc: z.string(),
  class: z.enum(DOCUMENT_CLASSES),
  kind: z.enum(['number', 'date']),
  template: z.enum(['cloze', 'question']),
  question: z.string().min(1),
  answer: z.string().min(1),
})

/** An item of the `benchmark` stage. */
export type BenchmarkItem = z.infer<typeof itemSchema>

/** Where a fact falls in [0, 1): a hash of its id, so selection never depends on the other facts. */
export function factRank(id: string): number {
  return Number.parseInt(hashValue(id).slice(0, 8), 16) / 2 ** 32
}

/** The reference answer of a fact: its normalised value and unit. */
export function answerOf(fact: Fact): string {
  return fact.unit ? `${fact.value} ${fact.unit}` : fact.value
}

/** The template question of a fact (`cloze`: its context with the value blanked out). */
export function questionOf(fact: Fact, title: string, template: 'cloze' | 'question'): string {
  if (template === 'cloze') {
    const at = fact.context.lastIndexOf(fact.raw)
    return `From "${title}": ${fact.context.slice(0, at)}____${fact.context.slice(at + fact.raw.length)}`.trim()
  }
  const which = fact.ordinal > 0 ? ` (the value number ${fact.ordinal + 1} after it)` : ''
  if (fact.kind === 'date') return `According to "${title}", which date goes with "${fact.label}"${which}?`
  return `According to "${title}", what is the value for "${fact.label}"${which}${fact.unit ? `, in ${fact.unit}` : ''}?`
}

/**
 * The facts that become items: labelled, {@link factRank} below `sampleRate`,
 * at most `maxItemsPerDocument` per document (the lowest-ranked); documents in
 * the order of their first fact, facts by rank.
 */
export function selectFacts(facts: readonly Fact[], params: Pick<DocumentFactsParams['benchmark'], 'sampleRate' | 'maxItemsPerDocument'>): Fact[] {
  const byDoc = new Map<string, { fact: Fact; rank: number }[]>()
  for (const fact of facts) {
    const rank = factRank(fact.id)
    if (fact.label === '' || rank >= params.sampleRate) continue
    byDoc.set(fact.doc, [...(byDoc.get(fact.doc) ?? []), { fact, rank }])
  }
  return [...byDoc.values()].flatMap((ranked) => ranked
    .sort((a, b) => a.rank - b.rank)
    .slice(0, params.maxItemsPerDocument)
    .map(({ fact }) => fact))
}

/**
 * `benchmark`: question/answer items from the facts, by template. A fact
 * becomes an item when its label is not empty and its {@link factRank} is
 * below `benchmark.sampleRate`; each document keeps its
 * `maxItemsPerDocument` lowest-ranked items.
 */
export const benchmark = defineStage({
  name: 'benchmark',
  // Bump when the templates change: they are not part of this function's source.
  version: '1',
  params: (p: DocumentFactsParams) => p.benchmark,
  needs: { documents, facts },
  output: z.array(itemSchema),
  run: ({ params, inputs }) => {
    const titles = new Map(inputs.documents.map((d) => [d.id, d.title]))
    return selectFacts(inputs.facts, params).map((fact) => ({
      id: `${params.template}:${fact.id}`, factId: fact.id, doc: fact.doc, class: fact.class, kind: fact.kind, template: params.template,
      question: questionOf(fact, titles.get(fact.doc) ?? fact.doc, params.template), answer: answerOf(fact),
    }))
  },
})
