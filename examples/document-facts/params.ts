import { z } from 'zod'
import { HAZARDS } from './corpus/hazards/hazards.ts'
import { ENGINE_NAMES, READING_ORDERS } from './engines/engine.ts'
import { defaultPdfDir } from './pdf-dir.ts'

/** Document classes the shift is reported by: the real PDFs' three, the generated corpus, and one per hazard of the hazard corpus. */
export const DOCUMENT_CLASSES = ['table', 'prose', 'layout', 'generated', ...HAZARDS] as const

/** The class of a document. */
export type DocumentClass = (typeof DOCUMENT_CLASSES)[number]

// The shared real PDFs, classed by what their README says dominates them.
const KNOWN_CLASSES: Record<string, DocumentClass> = {
  'us-fbi-nics-background-checks': 'table',
  'us-federal-register-2020-17221': 'layout',
  'apache2-atil-llm-stability-paper-v2': 'layout',
  'ccbysa-geotopo-lecture-notes': 'prose',
  'ccbysa-google-doc-document': 'prose',
  'ccbysa-pdflatex-4-pages': 'prose',
}

/**
 * Params of the document-facts pipeline; every field has a default.
 *
 * @example
 * await run(pipeline, { extraction: { engine: 'mupdf' } })
 */
export const documentFactsParams = z.object({
  documents: z.object({
    /** Folder of real PDFs (every `*.pdf` in it). @default `$BUTTERFLY_PDF_DIR`, else `$BUTTERFLY_DATA_DIR/pdfs`, else `../shared/data/pdfs` */
    dir: z.string().default(defaultPdfDir),
    /** Use the real PDFs in `dir`. @default true */
    real: z.boolean().default(true),
    /** File names (without `.pdf`) to use; empty means every PDF in `dir`. @default [] */
    include: z.array(z.string()).default([]),
    /** Also use the generated corpus with known facts. @default true */
    generated: z.boolean().default(true),
    /** Class by file name (without `.pdf`); files not listed are `prose`. @default the shared PDFs' classes */
    classes: z.record(z.string(), z.enum(DOCUMENT_CLASSES)).default(KNOWN_CLASSES),
  }).prefault({}),
  extraction: z.object({
    /** The PDF text extractor. @default 'pdfjs' */
    engine: z.enum(ENGINE_NAMES).default('pdfjs'),
    /** Pages extracted per document, from the first. @default 10 */
    maxPages: z.number().int().positive().default(10),
    /** `engine`: each library's own text order; `position`: pdf.js and MuPDF rebuild lines from their items' positions, so a table row keeps its label (the pdftotext engines ignore it). @default 'engine' */
    order: z.enum(READING_ORDERS).default('engine'),
    /** MuPDF structured-text options, e.g. `'dehyphenate'` or `'preserve-ligatures'`. @default '' */
    mupdfOptions: z.string().default(''),
  }).prefault({}),
  facts: z.object({
    /** Content words kept as a fact's label. @default 3 */
    labelWords: z.number().int().positive().default(3),
    /** Replace ligature characters by letters before reading facts. @default true */
    expandLigatures: z.boolean().default(true),
    /** Join words hyphenated across lines before reading facts. @default true */
    dehyphenate: z.boolean().default(true),
  }).prefault({}),
  benchmark: z.object({
    /** Question template. @default 'cloze' */
    template: z.enum(['cloze', 'question']).default('cloze'),
    /** Share of facts turned into items, chosen by a hash of the fact id (so a fact is in or out whatever else changed). @default 1 */
    sampleRate: z.number().min(0).max(1).default(1),
    /** At most this many items per document (those with the lowest id hash). @default 200 */
    maxItemsPerDocument: z.number().int().positive().default(200),
  }).prefault({}),
})

/** The resolved params of the document-facts pipeline. */
export type DocumentFactsParams = z.infer<typeof documentFactsParams>

/**
 * Params of the document-facts pipeline with the LLM benchmark agent
 * ({@link documentFactsParams} plus `agent`); every field has a default.
 *
 * @example
 * await run(llmPipeline, { agent: { maxFacts: 8, top_p: 0.95 } })
 */
export const documentFactsLlmParams = documentFactsParams.extend({
  agent: z.object({
    /** Facts the agent writes a question for: the lowest-ranked of those the template stage would use. @default 20 */
    maxFacts: z.number().int().positive().default(20),
    /** Sampling temperature of the agent. @default 0.7 */
    temperature: z.number().min(0).max(2).default(0.7),
    /** Nucleus sampling of the agent. @default 0.9 */
    top_p: z.number().min(0).max(1).default(0.9),
    /** Top-k sampling of the agent; 0 sends none (OpenAI's own API rejects `top_k`; local models and vLLM take it). @default 0 */
    top_k: z.number().int().min(0).default(0),
    /** Tokens of each answer: enough for one question. @default 48 */
    max_tokens: z.number().int().min(8).max(512).default(48),
  }).prefault({}),
})

/** The resolved params of the document-facts pipeline with the LLM benchmark agent. */
export type DocumentFactsLlmParams = z.infer<typeof documentFactsLlmParams>
