import { StageError } from '../errors.ts'
import { hashValue } from './hash.ts'
import type { CompletedStage, StageResult } from './result.ts'
import type { AnyStage } from './stage.ts'
import { validateWith } from './standard-schema.ts'

/** What a data perturbation sees besides the output. */
export interface TransformContext {
  stage: string
  /** Sample index of the run, so a shuffle can differ per sample yet repeat. */
  sample: number
  /** The run's derived seed for this sample. */
  seed: number
}

/**
 * A change applied to a stage's output before its dependents see it
 * (answer-option shuffles, reformatted prompts, dropped documents).
 */
export interface OutputTransform {
  /** Identifies the perturbation; part of nothing but reports (the changed output's hash keys downstream). */
  id: string
  apply: (output: unknown, ctx: TransformContext) => unknown
}

/** Applies a data perturbation to a completed stage result, checking the new output against the stage schema. */
export async function applyTransform(
  stage: AnyStage, result: CompletedStage, transform: OutputTransform, ctx: Omit<TransformContext, 'stage'>,
): Promise<StageResult> {
  let next: unknown
  try {
    next = await transform.apply(structuredClone(result.output), { stage: stage.name, ...ctx })
  } catch (cause) {
    const error = new StageError(stage.name, `perturbation "${transform.id}" failed on the output of stage "${stage.name}": ${cause instanceof Error ? cause.message : String(cause)}`, { cause })
    return { status: 'failed', key: result.key, durationMs: result.durationMs, error, logs: result.logs }
  }
  const checked = await validateWith(stage.output, next)
  if (checked.status === 'invalid') {
    const first = checked.issues[0]!
    const error = new StageError(stage.name, `perturbation "${transform.id}" made the output of stage "${stage.name}" invalid at ${first.path}: ${first.message}`)
    return { status: 'failed', key: result.key, durationMs: result.durationMs, error, logs: result.logs }
  }
  return { ...result, output: checked.value, hash: hashValue(checked.value), perturbed: true }
}
