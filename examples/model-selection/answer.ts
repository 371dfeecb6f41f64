import { z } from 'zod'
import { defineStage } from 'vitest-butterfly'
import { candidates, formatPrompt } from './candidates.ts'
import { generate } from './generate.ts'
import type { Params } from './params.ts'

/**
 * Every candidate continues every generated prompt. Candidates sample too
 * (most have temperature > 0), so the stage is stochastic.
 */
export const answer = defineStage({
  name: 'answer',
  stochastic: true,
  needs: { generate },
  params: (p: Params) => p.answer,
  output: z.array(z.object({ candidate: z.string(), item: z.string(), text: z.string() })),
  run: async ({ inputs, params, ctx }) => {
    const jobs = candidates.flatMap((c) => inputs.generate.map((it, i) => ({ c, it, i })))
    return ctx.map(jobs, async ({ c, it, i }) => {
      const r = await ctx.llm.complete({
        model: c.model, prompt: formatPrompt(it.prompt, c.format), temperature: c.temperature, top_p: c.top_p,
        top_k: c.top_k, seed: (ctx.seed + 1000 + i) >>> 0, max_tokens: params.max_tokens,
      })
      return { candidate: c.id, item: it.id, text: r.text.trim() }
    }, { concurrency: 4 })
  },
})
