import { hashValue } from '../../core/hash.ts'
import type { InputsOf, Stage, StageMap } from '../../core/stage.ts'
import { PipelineDefinitionError, StageError } from '../../errors.ts'
import type { PromptfooImporter } from './import.ts'
import { loadPromptfoo } from './import.ts'
import type { PromptfooModel } from './provider.ts'
import { promptfooProvider } from './provider.ts'
import type { PromptfooResult } from './results.ts'
import { promptfooResultsSchema, toPromptfooResult } from './results.ts'

/** A promptfoo assertion (`{ type: 'contains', value: 'Paris' }`, `{ type: 'javascript', value: 'output.length < 50' }`, ...). */
export interface PromptfooAssertion {
  type: string
  value?: unknown
  threshold?: number
  [option: string]: unknown
}

/** A promptfoo test case. */
export interface PromptfooTestCase {
  description?: string
  vars?: Record<string, unknown>
  assert?: PromptfooAssertion[]
  [option: string]: unknown
}

/**
 * A promptfoo test suite whose providers are the pipeline's models. Other
 * fields of promptfoo's test suite (`nunjucksFilters`, `env`, ...) pass through.
 */
export interface PromptfooSuite {
  description?: string
  /** promptfoo prompts: templates such as `'Answer: {{question}}'`, `{ raw, label }`, or functions. */
  prompts: unknown[]
  /** Pipeline model ids (or {@link PromptfooModel}s) that answer every prompt. */
  providers: (string | PromptfooModel)[]
  tests: PromptfooTestCase[]
  defaultTest?: Record<string, unknown>
  /** Model for model-graded assertions (`llm-rubric`, `factuality`, ...), also through `ctx.llm`. @default promptfoo's default grader (a network API) */
  grader?: string | PromptfooModel
  [option: string]: unknown
}

/** What {@link promptfooStage} takes. */
export interface PromptfooStageDefinition<Name extends string, P, Slice, Needs extends StageMap> {
  name: Name
  needs?: Needs
  /** The suite, or a function building it from the stage's inputs and params slice (e.g. tests generated upstream). */
  suite: PromptfooSuite | ((args: { inputs: InputsOf<Needs>; params: Slice }) => PromptfooSuite | Promise<PromptfooSuite>)
  /** Params slice the suite function reads (part of the cache key). @default none */
  params?: (params: P) => Slice
  /** promptfoo's `maxConcurrency`. @default 4 */
  maxConcurrency?: number
  /** promptfoo's per-call `timeoutMs`. @default none */
  timeoutMs?: number
  /** Loads promptfoo. @default () => import('promptfoo') */
  importer?: PromptfooImporter
  /** Bump to re-run. @default a hash of the suite (functions by their source) */
  version?: string
}

/** The stage {@link promptfooStage} returns. */
export type PromptfooStage<Name extends string, P, Slice, Needs extends StageMap> = Stage<Name, P, Slice, Needs, PromptfooResult[]>

// Functions count by their source, so editing an inline assertion or prompt function re-runs the stage.
function fingerprint(value: unknown): unknown {
  if (typeof value === 'function') return `fn:${value.toString()}`
  if (Array.isArray(value)) return value.map(fingerprint)
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fingerprint(v)]))
  }
  return value
}

// promptfoo may normalise the suite in place; a cached stage must see the suite as declared.
function clone<T>(value: T): T {
  if (Array.isArray(value)) return value.map(clone) as T
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, clone(v)])) as T
  }
  return value
}

function modelOf(entry: string | PromptfooModel): PromptfooModel {
  return typeof entry === 'string' ? { model: entry } : entry
}

function suiteProblem(name: string, suite: PromptfooSuite): string | undefined {
  const where = `[butterfly] [promptfoo] promptfooStage("${name}")`
  if (!suite || !Array.isArray(suite.prompts) || suite.prompts.length === 0) return `${where}: suite.prompts must be a non-empty array`
  if (!Array.isArray(suite.tests)) return `${where}: suite.tests must be an array`
  if (!Array.isArray(suite.providers) || suite.providers.length === 0) return `${where}: suite.providers must list at least one model id of the pipeline's models`
  const labels = suite.providers.map((p) => modelOf(p).label ?? modelOf(p).model)
  const dup = labels.find((l, i) => labels.indexOf(l) !== i)
  return dup === undefined ? undefined : `${where}: two providers are labelled "${dup}"; give each a distinct label`
}

/**
 * Runs a promptfoo test suite (prompts × tests × providers, with
 * assertions) through `promptfoo.evaluate` as a `stochastic: true` stage.
 * The suite's providers are the pipeline's models: each is a promptfoo
 * provider whose calls go through `ctx.llm`, so they are cached, recorded
 * and replayed like every other call. The output is one
 * {@link PromptfooResult} per test × prompt × provider (pass, score,
 * output, per-assertion results), so sweeps and metrics apply to it.
 * promptfoo is an optional peer dependency, imported on first run; without
 * it the stage fails with a `MissingDependencyError` saying
 * `npm install -D promptfoo@0.121.20`. promptfoo's own cache and result
 * database are not used (the stage is cached instead).
 *
 * @example
 * const qa = promptfooStage({
 *   name: 'qa',
 *   suite: {
 *     prompts: ['Q: {{question}}\nA:'],
 *     providers: [{ model: 'tiny-story', call: 'complete', max_tokens: 32, temperature: 0.8 }],
 *     tests: [{ vars: { question: 'Who is Lily?' }, assert: [{ type: 'icontains', value: 'lily' }] }],
 *   },
 * })
 */
export function promptfooStage<const Name extends string, P = unknown, Slice = undefined, Needs extends StageMap = {}>(
  definition: PromptfooStageDefinition<Name, P, Slice, Needs>,
): PromptfooStage<Name, P, Slice, Needs> {
  const { name, suite, importer } = definition
  if (typeof suite !== 'function') {
    if (!suite || typeof suite !== 'object') throw new PipelineDefinitionError(`promptfooStage("${String(name)}"): "suite" must be a promptfoo test suite or a function returning one`, { component: 'promptfoo' })
    const problem = suiteProblem(name, suite)
    if (problem) throw new PipelineDefinitionError(problem)
  }
  const version = definition.version ?? `promptfoo:${hashValue(fingerprint(suite)).slice(0, 16)}`
  return {
    name,
    ...(definition.needs ? { needs: definition.needs } : {}),
    ...(definition.params ? { params: definition.params } : {}),
    output: promptfooResultsSchema,
    version,
    stochastic: true,
    async run({ params, inputs, ctx }) {
      const declared = typeof suite === 'function' ? await suite({ inputs, params }) : suite
      const problem = suiteProblem(name, declared)
      if (problem) throw new StageError(name, problem)
      const pf = await loadPromptfoo(importer, `promptfooStage("${name}")`)
      const failures: unknown[] = []
      const provider = (entry: string | PromptfooModel) => promptfooProvider(ctx.llm, ctx.seed, modelOf(entry), (e) => failures.push(e))
      const { providers, grader, ...rest } = clone(declared)
      const defaultTest = grader
        ? { ...rest.defaultTest, options: { ...(rest.defaultTest?.options as Record<string, unknown> | undefined), provider: provider(grader) } }
        : rest.defaultTest
      const record = await pf.evaluate(
        { ...rest, ...(defaultTest ? { defaultTest } : {}), providers: providers.map(provider), writeLatestResults: false },
        {
          cache: false, showProgressBar: false, silent: true, maxConcurrency: definition.maxConcurrency ?? 4, abortSignal: ctx.signal,
          ...(definition.timeoutMs !== undefined ? { timeoutMs: definition.timeoutMs } : {}),
        },
      )
      ctx.signal.throwIfAborted()
      if (failures.length > 0) {
        const first = failures[0]
        const more = failures.length > 1 ? ` (and ${failures.length - 1} more failed calls)` : ''
        throw new StageError(name, `[promptfoo] stage "${name}": a model call failed${more}: ${first instanceof Error ? first.message : String(first)}`, { cause: first })
      }
      const summary = await record.toEvaluateSummary()
      const order = providers.map((p) => modelOf(p).label ?? modelOf(p).model)
      return summary.results
        .map(toPromptfooResult)
        .sort((a, b) => a.test - b.test || a.prompt - b.prompt || order.indexOf(a.provider) - order.indexOf(b.provider))
    },
  }
}
