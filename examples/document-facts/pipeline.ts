import type { LlmProvider } from 'vitest-butterfly'
import { definePipeline, PipelineDefinitionError } from 'vitest-butterfly'
import { agentModels, BENCHMARK_AGENT } from './agent/models.ts'
import { documentFactsLlmParams, documentFactsParams } from './params.ts'
import { createAgentBenchmark } from './stages/benchmark-agent.ts'
import { benchmark } from './stages/benchmark.ts'
import { documents } from './stages/documents.ts'
import { extract } from './stages/extract.ts'
import { facts } from './stages/facts.ts'

/** Options of {@link createDocumentFactsPipeline}. */
export interface DocumentFactsPipelineOptions {
  /** `template`: deterministic template questions; `llm`: questions written by the model `benchmark-agent`. @default 'template' */
  benchmark?: 'template' | 'llm'
  /** Providers by model id; the `llm` variant calls `benchmark-agent`. @default agentModels() (the embedded tiny model, or an endpoint with BUTTERFLY_PROVIDER=openai) */
  models?: Record<string, LlmProvider>
  /** Pipeline name (reports, baselines, cassettes under `cassettes/<name>/`). @default 'document-facts', 'document-facts-llm' for the llm variant */
  name?: string
}

const description = 'PDF extraction engine → labelled facts → benchmark items'

function templateVariant(name: string) {
  return definePipeline({ name, description, params: documentFactsParams, stages: [documents, extract, facts, benchmark] })
}

function llmVariant(name: string, models: Record<string, LlmProvider>) {
  const agent = models[BENCHMARK_AGENT]
  if (!agent) throw new PipelineDefinitionError(`[butterfly] [document-facts] pipeline "${name}": models has no "${BENCHMARK_AGENT}", the model the LLM benchmark stage calls (got: ${Object.keys(models).join(', ') || 'none'})`)
  return definePipeline({
    name, description: `${description} (written by an LLM agent)`, params: documentFactsLlmParams,
    stages: [documents, extract, facts, createAgentBenchmark(agent)], models,
  })
}

/**
 * Builds the document-facts pipeline with the template benchmark (the
 * default) or with the LLM benchmark agent (`benchmark: 'llm'`: a stochastic
 * `benchmark` stage with `agent.*` params; every other stage, and so every
 * cached entry upstream of it, is the same as in the template variant).
 *
 * @example
 * const viaEndpoint = createDocumentFactsPipeline({ benchmark: 'llm', models: { 'benchmark-agent': openai({ model: 'gpt-4o-mini' }) } })
 * await run(viaEndpoint, { documents: { real: false }, agent: { maxFacts: 10 } })
 */
export function createDocumentFactsPipeline(options?: DocumentFactsPipelineOptions & { benchmark?: 'template' }): ReturnType<typeof templateVariant>
export function createDocumentFactsPipeline(options: DocumentFactsPipelineOptions & { benchmark: 'llm' }): ReturnType<typeof llmVariant>
export function createDocumentFactsPipeline(options: DocumentFactsPipelineOptions = {}): ReturnType<typeof templateVariant> | ReturnType<typeof llmVariant> {
  if (options.benchmark === 'llm') return llmVariant(options.name ?? 'document-facts-llm', options.models ?? agentModels())
  return templateVariant(options.name ?? 'document-facts')
}

/**
 * The document-facts pipeline: `documents` → `extract` (engine by param) →
 * `facts` (labelled numbers and dates with stable ids) → `benchmark`
 * (question/answer items). Switching `extraction.engine` is the butterfly.
 *
 * @example
 * const a = await run(pipeline, { extraction: { engine: 'pdfjs' } })
 * const b = await run(pipeline, { extraction: { engine: 'mupdf' } })
 * idShift(a.output('facts'), b.output('facts'), (f) => f.class)
 */
export const pipeline = createDocumentFactsPipeline()

/**
 * The pipeline with the LLM benchmark agent on the default models (the
 * embedded tiny model; `BUTTERFLY_PROVIDER=openai` for an OpenAI-compatible
 * endpoint).
 *
 * @example
 * const r = await run(llmPipeline, { documents: { real: false }, agent: { maxFacts: 8 } })
 * r.output('benchmark').filter((i) => i.source === 'llm')
 */
export const llmPipeline = createDocumentFactsPipeline({ benchmark: 'llm' })

export { documentFactsLlmParams, documentFactsParams } from './params.ts'
export type { DocumentClass, DocumentFactsLlmParams, DocumentFactsParams } from './params.ts'
export type { DocumentEntry } from './stages/documents.ts'
export type { ExtractedDocument } from './stages/extract.ts'
export type { Fact } from './stages/facts.ts'
export type { BenchmarkItem } from './stages/benchmark.ts'
export type { AgentBenchmarkItem } from './stages/benchmark-agent.ts'
export { documents, extract, facts, benchmark, createAgentBenchmark }
export { agentItemSchema, factSeed } from './stages/benchmark-agent.ts'
export { fieldShift } from './agent/field-shift.ts'
export { agentModels, BENCHMARK_AGENT } from './agent/models.ts'
export { agentMessages, AGENT_SYSTEM_PROMPT } from './agent/prompt.ts'
export { checkQuestion, REJECTION_REASONS } from './agent/question.ts'
export type { CheckedQuestion, RejectionReason } from './agent/question.ts'
export { classShift, idShift } from './shift.ts'
export type { ClassedItem, GroupShift } from './shift.ts'
export { knownFactRecall, matchesKnown } from './recall.ts'
export { referenceFiles, referencesOf, scoreFacts } from './truth.ts'
export type { Reference, TruthScore } from './truth.ts'
export { classAccuracy } from './accuracy.ts'
export { READER_NAMES, READERS } from './readers.ts'
export type { Reader } from './readers.ts'
export type { ClassAccuracy } from './accuracy.ts'
export { HAZARDS, hazardCases } from './corpus/hazards/hazards.ts'
export type { Hazard } from './corpus/hazards/hazards.ts'
export { positionedText } from './engines/positioned-text.ts'
export type { PlacedText } from './engines/positioned-text.ts'
export { READING_ORDERS } from './engines/engine.ts'
export type { ReadingOrder } from './engines/engine.ts'
export type { DocumentRecall } from './recall.ts'
export { corpusCases } from './corpus/cases.ts'
export type { CorpusCase, KnownFact, Layout } from './corpus/corpus-case.ts'
export { ENGINE_NAMES } from './engines/engine.ts'
export type { EngineName } from './engines/engine.ts'
export { defaultPdfDir } from './pdf-dir.ts'
