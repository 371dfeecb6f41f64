import { z } from 'zod'
import { defineStage } from 'vitest-butterfly'
import { openings } from './openings.ts'
import type { Params } from './params.ts'

/** One generated benchmark item: a story prompt and the continuation the agent wrote. */
export const item = z.object({ id: z.string(), prompt: z.string(), reference: z.string() })

/** Splits generated text into a prompt part and a reference continuation at a word boundary. */
export function splitStory(opening: string, generated: string): { prompt: string; reference: string } {
  const words = generated.trim().split(/\s+/).filter(Boolean)
  const cut = Math.ceil(words.length / 2)
  return { prompt: [opening, ...words.slice(0, cut)].join(' '), reference: words.slice(cut).join(' ') }
}

/**
 * The benchmark-generating agent: continues each opening with the generator
 * model and keeps half the continuation as the reference answer.
 */
export const generate = defineStage({
  name: 'generate',
  stochastic: true,
  params: (p: Params) => p.generation,
  output: z.array(item),
  run: async ({ params, ctx }) => {
    const indices = Array.from({ length: params.items }, (_, i) => i)
    return ctx.map(indices, async (i) => {
      const opening = openings[i % openings.length]!
      const r = await ctx.llm.complete({
        model: 'generator', prompt: opening, temperature: params.temperature, top_p: params.top_p,
        top_k: params.top_k, seed: (ctx.seed + i) >>> 0, max_tokens: params.max_tokens,
      })
      return { id: `item-${i}`, ...splitStory(opening, r.text) }
    }, { concurrency: 4 })
  },
})
