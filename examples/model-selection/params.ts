import { z } from 'zod'

/** Params of the model-selection pipeline; every field has a default. */
export const params = z.object({
  generation: z.object({
    /** Nucleus sampling of the benchmark-generating agent: the knob this example perturbs. */
    top_p: z.number().min(0).max(1).default(0.9),
    temperature: z.number().min(0).max(2).default(0.8),
    top_k: z.number().int().min(0).default(40),
    /** Benchmark items to generate. */
    items: z.number().int().min(1).max(64).default(12),
    /** Tokens of each generated story; the first part becomes the prompt, the rest the reference. */
    max_tokens: z.number().int().min(8).max(256).default(40),
  }).default({ top_p: 0.9, temperature: 0.8, top_k: 40, items: 12, max_tokens: 40 }),
  answer: z.object({
    /** Tokens each candidate writes as its continuation. */
    max_tokens: z.number().int().min(4).max(128).default(16),
  }).default({ max_tokens: 16 }),
})

/** The resolved params type. */
export type Params = z.infer<typeof params>
