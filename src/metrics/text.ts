import { builtinMetric } from './identity.ts'
import { MetricError } from '../errors.ts'
import type { Metric } from './metric.ts'
import { describeValue } from './value-kind.ts'

function tokens(which: string, value: unknown): string[] {
  if (typeof value !== 'string') {
    throw new MetricError(`text: the ${which} value is ${describeValue(value)}, not a string`, { component: 'metrics' })
  }
  return value.split(/\s+/).filter((t) => t.length > 0)
}

/** Levenshtein distance between two token sequences (two-row dynamic programme). */
function editDistance(a: readonly string[], b: readonly string[]): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const row = [i]
    for (let j = 1; j <= b.length; j++) {
      const substitution = (prev[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1)
      row.push(Math.min(substitution, (prev[j] as number) + 1, (row[j - 1] as number) + 1))
    }
    prev = row
  }
  return prev[b.length] as number
}

/**
 * Normalised token edit distance: the Levenshtein distance between the
 * whitespace-separated tokens of the two strings, divided by the longer token
 * count (so in [0, 1]). Case and punctuation count; whitespace amount does
 * not. Two empty strings give 0.
 *
 * @example
 * metrics.text().compute('the cat sat', 'the dog sat') // 1/3
 */
export function text(): Metric<string> {
  return builtinMetric(import.meta.url, null, {
    name: 'text',
    describe: 'normalised token edit distance (Levenshtein on words / longer length)',
    compute(base, variant) {
      const a = tokens('base', base)
      const b = tokens('variant', variant)
      const longest = Math.max(a.length, b.length)
      return longest === 0 ? 0 : editDistance(a, b) / longest
    },
    details(base, variant) {
      const a = tokens('base', base)
      const b = tokens('variant', variant)
      const edits = editDistance(a, b)
      return { changed: edits === 0 ? [] : ['$'], note: `${edits} token edit(s); ${a.length} -> ${b.length} tokens` }
    },
  })
}
