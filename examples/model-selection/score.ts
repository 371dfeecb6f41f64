import { z } from 'zod'
import { defineStage } from 'vitest-butterfly'
import { answer } from './answer.ts'
import { generate } from './generate.ts'
import { tokenF1 } from './similarity.ts'

/** Scores each answer against the generated reference (token F1). Deterministic in its inputs. */
export const score = defineStage({
  name: 'score',
  needs: { generate, answer },
  output: z.array(z.object({ id: z.string(), candidate: z.string(), item: z.string(), score: z.number().min(0).max(1) })),
  run: ({ inputs }) => {
    const references = new Map(inputs.generate.map((it) => [it.id, it.reference]))
    return inputs.answer.map((a) => ({
      id: `${a.candidate}/${a.item}`, candidate: a.candidate, item: a.item,
      score: Math.round(tokenF1(a.text, references.get(a.item) ?? '') * 1e6) / 1e6,
    }))
  },
})
