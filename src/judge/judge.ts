import type { StageContext } from '../core/context.ts'
import { hash32, hashValue } from '../core/hash.ts'
import type { CompletionResult } from '../core/llm.ts'
import type { StageMap } from '../core/stage.ts'
import { ParamsError, PipelineDefinitionError } from '../errors.ts'
import { parseJudgement } from './parse.ts'
import type { JudgeChatFormat, JudgeCompletionFormat, JudgeItem } from './prompt.ts'
import { defaultJudgeMessages, defaultJudgePrompt } from './prompt.ts'
import type { JudgeScale, ResolvedJudgeScale } from './scale.ts'
import { describeScale, normalizeScore, resolveScale } from './scale.ts'
import type { JudgeStage, JudgeStageDefinition } from './stage.ts'
import { defineJudgeStage } from './stage.ts'

/** Options of {@link judge}. */
export interface JudgeOptions {
  /** Model id from the pipeline's `models`. */
  model: string
  /** What a good output is, in words. */
  rubric: string
  /** @default [1, 5] */
  scale?: JudgeScale
  /** `chat` for instruction models, `complete` for base models with raw completion. @default 'chat' */
  call?: 'chat' | 'complete'
  /** @default the provider's default */
  temperature?: number
  top_p?: number
  top_k?: number
  /** @default 200 */
  max_tokens?: number
  /** Stop strings. @default ['\n\n'] for `complete`, none for `chat` */
  stop?: string[]
  /** Raw prompt format for `call: 'complete'`. @default defaultJudgePrompt */
  prompt?: JudgeCompletionFormat
  /** Chat format for `call: 'chat'`. @default defaultJudgeMessages */
  messages?: JudgeChatFormat
}

/**
 * Per-call settings, typically a stage's params slice so that sweeps can
 * perturb them. `replicate` re-judges the same output with another seed:
 * replicate 0 uses the stage's seed, replicate r > 0 a seed derived from it
 * and r, so a sweep over `replicate` measures the judge's own noise.
 */
export interface JudgeCallParams {
  /** @default 0 */
  replicate?: number
  model?: string
  temperature?: number
  top_p?: number
  top_k?: number
}

/** What a judge's answer says: a score (and its 0..1 normalization) with a reason, or why no score could be read. */
export type JudgeVerdict =
  | { status: 'scored'; score: number; normalized: number; reason: string }
  | { status: 'unparsed'; why: string }

/** The verdict on one output with the judge's answer text. `unparsed` is a measured outcome (no score on the scale), not an error. */
export type Judgement = JudgeVerdict & { raw: string }

/** What {@link Judge.score} needs from the stage context (a `stochastic: true` stage's `ctx`). */
export type JudgeContext = Pick<StageContext, 'llm' | 'seed'>

/** An LLM-as-judge, as {@link judge} returns it. */
export interface Judge {
  readonly model: string
  readonly rubric: string
  readonly scale: ResolvedJudgeScale
  /** Hash of everything that changes the verdicts (rubric, scale, model, sampling, prompt format); part of the judge stage's version. */
  readonly fingerprint: string
  /** Scores one output through `ctx.llm`. Model-call failures throw (the stage fails); an answer without a score is `unparsed`. */
  score(ctx: JudgeContext, item: JudgeItem, params?: JudgeCallParams): Promise<Judgement>
  /** Reads a judgement from answer text (what `score` does with the model's answer). */
  parse(text: string): JudgeVerdict
  /** A `stochastic: true` stage that judges the items of its inputs. */
  stage<const Name extends string, P = unknown, Needs extends StageMap = {}>(
    definition: JudgeStageDefinition<Name, P, Needs>,
  ): JudgeStage<Name, P, Needs>
}

/** The seed a judge call uses: the stage's seed for replicate 0, else one derived from it and the replicate. */
export function judgeSeed(seed: number, replicate: number): number {
  return replicate === 0 ? seed : hash32('butterfly-judge-replicate', seed, replicate)
}

function checkReplicate(value: unknown): number {
  if (value === undefined) return 0
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new ParamsError(`replicate must be a non-negative integer, got ${JSON.stringify(value)}`, { component: 'judge' })
  }
  return value
}

/**
 * An LLM-as-judge: scores an output against a rubric with a reason, through
 * `ctx.llm` (so calls are cached, recorded and replayed like any other).
 * Works with chat models (JSON answer) and with raw-completion base models
 * (`call: 'complete'`, prompt ending in `Score:`); the score is parsed from
 * the text, and an answer without a score on the scale is an `unparsed`
 * judgement with the reason. See docs/judge.md for measuring the judge's own
 * noise apart from the generation's.
 *
 * @example
 * const quality = judge({ model: 'gpt-4o-mini', rubric: 'Is the answer correct and complete?', scale: [1, 5] })
 * const judgeStage = quality.stage({
 *   name: 'judge', needs: { answers },
 *   items: ({ answers }) => answers.map((a) => ({ id: a.id, input: a.question, output: a.text })),
 *   params: (p: Params) => p.judge, // { replicate, temperature } — perturbable by sweeps
 * })
 * // or inside any stochastic stage: await quality.score(ctx, { input, output })
 */
export function judge(options: JudgeOptions): Judge {
  const where = `judge({ model: ${JSON.stringify(options?.model)} })`
  if (typeof options?.model !== 'string' || options.model === '') throw new PipelineDefinitionError(`${where}: "model" must be a model id of the pipeline's models`, { component: 'judge' })
  if (typeof options.rubric !== 'string' || options.rubric.trim() === '') throw new PipelineDefinitionError(`${where}: "rubric" must be a non-empty string`, { component: 'judge' })
  const scale = resolveScale(options.scale ?? [1, 5], where)
  const call = options.call ?? 'chat'
  if (call !== 'chat' && call !== 'complete') throw new PipelineDefinitionError(`${where}: "call" must be 'chat' or 'complete', got ${JSON.stringify(call)}`, { component: 'judge' })
  const spec = { rubric: options.rubric, scale: describeScale(scale) }
  const formatPrompt = options.prompt ?? defaultJudgePrompt
  const formatMessages = options.messages ?? defaultJudgeMessages
  const stop = options.stop ?? (call === 'complete' ? ['\n\n'] : undefined)
  const fingerprint = hashValue({
    v: 1, model: options.model, rubric: options.rubric, scale, call, stop: stop ?? null,
    sampling: { temperature: options.temperature, top_p: options.top_p, top_k: options.top_k, max_tokens: options.max_tokens ?? 200 },
    format: (call === 'complete' ? formatPrompt : formatMessages).toString(),
  })

  const parse = (text: string): JudgeVerdict => {
    const parsed = parseJudgement(text, scale)
    return parsed.status === 'scored' ? { ...parsed, normalized: normalizeScore(parsed.score, scale) } : parsed
  }

  const self: Judge = {
    model: options.model,
    rubric: options.rubric,
    scale,
    fingerprint,
    parse,
    async score(ctx, item, params = {}) {
      const replicate = checkReplicate(params.replicate)
      const sampling = {
        model: params.model ?? options.model,
        temperature: params.temperature ?? options.temperature,
        top_p: params.top_p ?? options.top_p,
        top_k: params.top_k ?? options.top_k,
        max_tokens: options.max_tokens ?? 200,
        seed: judgeSeed(ctx.seed, replicate),
        ...(stop ? { stop } : {}),
      }
      const result: CompletionResult = call === 'complete'
        ? await ctx.llm.complete({ ...sampling, prompt: formatPrompt(item, spec) })
        : await ctx.llm.chat({ ...sampling, messages: formatMessages(item, spec) })
      return { ...parse(result.text), raw: result.text }
    },
    stage: (definition) => defineJudgeStage(self, definition),
  }
  return self
}
