import type { AnyPipeline } from '../core/pipeline.ts'
import { validateWith } from '../core/standard-schema.ts'

/** Validates a perturbed params object; returns a note naming the problem when the schema rejects it. */
export async function checkPoint(pipeline: AnyPipeline, params: unknown, label: string): Promise<string | undefined> {
  const result = await validateWith(pipeline.params, params)
  if (result.status === 'valid') return undefined
  const issue = result.issues[0]!
  return `${label}: outside the params schema at ${issue.path} (${issue.message}); dropped`
}

/** Renders a param value for ids and labels. */
export function show(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value)
}
