import { z } from 'zod'
import { defineStage } from 'vitest-butterfly'
import { score } from './score.ts'

/** Ranks candidates by mean score (ties broken by id) and names the best one. */
export const select = defineStage({
  name: 'select',
  needs: { score },
  output: z.object({ best: z.string(), ranking: z.array(z.string()), scores: z.record(z.string(), z.number()) }),
  run: ({ inputs }) => {
    const sums = new Map<string, { total: number; n: number }>()
    for (const s of inputs.score) {
      const acc = sums.get(s.candidate) ?? { total: 0, n: 0 }
      acc.total += s.score
      acc.n++
      sums.set(s.candidate, acc)
    }
    const scores = Object.fromEntries([...sums].map(([id, { total, n }]) => [id, Math.round((total / n) * 1e6) / 1e6]))
    const ranking = Object.keys(scores).sort((a, b) => scores[b]! - scores[a]! || a.localeCompare(b))
    return { best: ranking[0] ?? '', ranking, scores }
  },
})
