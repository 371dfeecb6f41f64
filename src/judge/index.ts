/**
 * `vitest-butterfly/judge`: an LLM judge as a pipeline stage, and the metric
 * that compares its verdicts. The judge calls a provider from
 * `vitest-butterfly/providers`; nothing here needs a vendor SDK of its own.
 */
export { judge, judgeSeed } from './judge.ts'
export type { Judge, JudgeCallParams, JudgeContext, Judgement, JudgeOptions, JudgeVerdict } from './judge.ts'
export type { JudgedItem, JudgeStage, JudgeStageDefinition, JudgeStageOutput } from './stage.ts'
export { judgeStageOutputSchema } from './stage.ts'
export { judgeDrift } from './drift.ts'
export { defaultJudgeMessages, defaultJudgePrompt } from './prompt.ts'
export type { JudgeChatFormat, JudgeCompletionFormat, JudgeItem, JudgePromptSpec } from './prompt.ts'
export { parseJudgement } from './parse.ts'
export type { ParsedJudgement } from './parse.ts'
export type { JudgeScale, ResolvedJudgeScale } from './scale.ts'
