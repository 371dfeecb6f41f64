import { sha256 } from '../core/hash.ts'
import type { InputsOf, Stage, StageMap } from '../core/stage.ts'
import type { StandardIssue } from '../core/standard-schema.ts'
import { StageError } from '../errors.ts'
import { checkSchema, fieldAt, isObjectAt } from '../providers/check-schema.ts'
import type { Judge, JudgeCallParams, Judgement } from './judge.ts'
import type { JudgeItem } from './prompt.ts'

/** One judged item of a judge stage's output. */
export type JudgedItem = Judgement & { id: string }

/** The output of a judge stage. */
export interface JudgeStageOutput {
  /** One judgement per item, in item order. */
  judgements: JudgedItem[]
  /** Mean normalized score (0..1) over the scored items; `null` when none was scored. */
  mean: number | null
  scored: number
  unparsed: number
}

/** What {@link Judge.stage} takes. */
export interface JudgeStageDefinition<Name extends string, P, Needs extends StageMap> {
  name: Name
  needs?: Needs
  /** The items to judge, from the stage's inputs. */
  items: (inputs: InputsOf<Needs>) => JudgeItem[] | Promise<JudgeItem[]>
  /**
   * Selects the judge's per-call settings from the pipeline params (part of
   * the cache key). Put `replicate` here to measure the judge's noise with a
   * sweep (docs/judge.md). @default none
   */
  params?: (params: P) => JudgeCallParams | undefined
  /** Items judged at once (`ctx.map`). @default 4 */
  concurrency?: number
  /** Bump to re-judge. The judge's fingerprint (rubric, scale, model, sampling, format) is always part of the version. @default a hash of `items`' source */
  version?: string
}

/** The stage {@link Judge.stage} returns. */
export type JudgeStage<Name extends string, P, Needs extends StageMap> = Stage<Name, P, JudgeCallParams | undefined, Needs, JudgeStageOutput>

function checkJudged(value: unknown, path: (string | number)[], issues: StandardIssue[]): void {
  if (!isObjectAt(value, path, issues)) return
  fieldAt(value, 'id', 'string', path, issues)
  fieldAt(value, 'raw', 'string', path, issues)
  if (value.status === 'scored') {
    fieldAt(value, 'score', 'number', path, issues)
    fieldAt(value, 'normalized', 'number', path, issues)
    fieldAt(value, 'reason', 'string', path, issues)
  } else if (value.status === 'unparsed') {
    fieldAt(value, 'why', 'string', path, issues)
  } else {
    issues.push({ message: `expected status "scored" or "unparsed", got ${JSON.stringify(value.status)}`, path: [...path, 'status'] })
  }
}

/** The Standard Schema of {@link JudgeStageOutput}. */
export const judgeStageOutputSchema = checkSchema<JudgeStageOutput>('vitest-butterfly/judge', (value, path, issues) => {
  if (!isObjectAt(value, path, issues)) return
  if (!Array.isArray(value.judgements)) issues.push({ message: 'expected an array', path: ['judgements'] })
  else value.judgements.forEach((j, i) => checkJudged(j, ['judgements', i], issues))
  fieldAt(value, 'mean', 'number', path, issues, { nullable: true })
  fieldAt(value, 'scored', 'number', path, issues)
  fieldAt(value, 'unparsed', 'number', path, issues)
})

/** Builds a judge stage (see {@link Judge.stage}). */
export function defineJudgeStage<const Name extends string, P, Needs extends StageMap>(
  judge: Judge, definition: JudgeStageDefinition<Name, P, Needs>,
): JudgeStage<Name, P, Needs> {
  const { name, items, concurrency = 4 } = definition
  const version = `judge:${judge.fingerprint.slice(0, 16)}:${definition.version ?? sha256(items.toString()).slice(0, 16)}`
  return {
    name,
    ...(definition.needs ? { needs: definition.needs } : {}),
    ...(definition.params ? { params: definition.params } : {}),
    output: judgeStageOutputSchema,
    version,
    stochastic: true,
    async run({ params, inputs, ctx }) {
      const list = await items(inputs)
      const ids = list.map((item, i) => item.id ?? String(i))
      const dup = ids.find((id, i) => ids.indexOf(id) !== i)
      if (dup !== undefined) throw new StageError(name, `[judge] stage "${name}": two items have the id "${dup}"; ids must be unique`)
      const verdicts = await ctx.map(list, (item) => judge.score(ctx, item, params ?? {}), { concurrency })
      const judgements = verdicts.map((v, i): JudgedItem => ({ id: ids[i]!, ...v }))
      const scored = judgements.flatMap((j) => (j.status === 'scored' ? [j.normalized] : []))
      return {
        judgements,
        mean: scored.length > 0 ? scored.reduce((a, b) => a + b, 0) / scored.length : null,
        scored: scored.length,
        unparsed: judgements.length - scored.length,
      }
    },
  }
}
