import { PipelineDefinitionError } from '../errors.ts'

/**
 * The scale a judge scores on: a numeric range `[min, max]` (best is `max`),
 * or named labels with their values (e.g. `{ labels: { pass: 1, fail: 0 } }`).
 */
export type JudgeScale = readonly [min: number, max: number] | { labels: Record<string, number> }

/** A validated scale. `labels` is sorted longest first, so "not relevant" wins over "relevant". */
export type ResolvedJudgeScale =
  | { kind: 'range'; min: number; max: number }
  | { kind: 'labels'; min: number; max: number; labels: [label: string, value: number][] }

/** Validates a scale; a malformed one is a definition error naming the judge. */
export function resolveScale(scale: JudgeScale, where: string): ResolvedJudgeScale {
  if (Array.isArray(scale)) {
    const [min, max] = scale as readonly [number, number]
    if (scale.length !== 2 || !Number.isFinite(min) || !Number.isFinite(max) || !(min < max)) {
      throw new PipelineDefinitionError(`${where}: scale must be [min, max] with finite min < max, got ${JSON.stringify(scale)}`, { component: 'judge' })
    }
    return { kind: 'range', min, max }
  }
  const entries = Object.entries((scale as { labels?: Record<string, number> }).labels ?? {})
  const bad = entries.find(([label, value]) => label.trim() === '' || !Number.isFinite(value))
  if (entries.length < 2 || bad) {
    throw new PipelineDefinitionError(`${where}: scale.labels needs at least two non-empty labels with finite values${bad ? `, got ${JSON.stringify(bad)}` : ''}`, { component: 'judge' })
  }
  const values = entries.map(([, v]) => v)
  const min = Math.min(...values)
  const max = Math.max(...values)
  if (!(min < max)) throw new PipelineDefinitionError(`${where}: scale.labels must not all have the same value`, { component: 'judge' })
  const labels = entries.map(([l, v]) => [l.trim(), v] as [string, number]).sort((a, b) => b[0].length - a[0].length)
  return { kind: 'labels', min, max, labels }
}

/** The scale as the judge's prompt states it. */
export function describeScale(scale: ResolvedJudgeScale): string {
  if (scale.kind === 'range') return `The score is a number from ${scale.min} (worst) to ${scale.max} (best).`
  const byValue = [...scale.labels].sort((a, b) => b[1] - a[1])
  return `The score is one of these words: ${byValue.map(([l]) => l).join(', ')} (best first).`
}

/** Maps a score onto 0..1 (0 = worst end of the scale). */
export function normalizeScore(score: number, scale: ResolvedJudgeScale): number {
  return (score - scale.min) / (scale.max - scale.min)
}
