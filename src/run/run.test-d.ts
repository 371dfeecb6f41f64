/**
 * Type-level tests of the public API; checked by `tsc` (`npm run typecheck`)
 * and by src/run/types.test.ts, which compiles this file and expects no
 * errors. Every `@ts-expect-error` below must be an error, or tsc reports it
 * as unused.
 */
import { expectTypeOf } from 'vitest'
import { z } from 'zod'
import { definePipeline, defineStage, run } from '../index.ts'
import type { StageResult } from '../index.ts'

const params = z.object({
  extraction: z.object({ engine: z.enum(['a', 'b']).default('a') }).default({ engine: 'a' }),
  generation: z.object({ top_p: z.number().default(0.9) }).default({ top_p: 0.9 }),
})
type Params = z.infer<typeof params>

const extract = defineStage({
  name: 'extract',
  params: (p: Params) => p.extraction,
  output: z.array(z.string()),
  run: async ({ params: slice }) => {
    expectTypeOf(slice).toEqualTypeOf<{ engine: 'a' | 'b' }>()
    return [slice.engine]
  },
})
const facts = defineStage({
  name: 'facts',
  needs: { extract },
  output: z.array(z.object({ id: z.string(), value: z.string() })),
  run: ({ inputs, params: none }) => {
    expectTypeOf(inputs.extract).toEqualTypeOf<string[]>()
    expectTypeOf(none).toEqualTypeOf<undefined>()
    return inputs.extract.map((value, i) => ({ id: String(i), value }))
  },
})
const count = defineStage({
  name: 'count',
  needs: { list: facts },
  output: z.number(),
  run: ({ inputs }) => {
    expectTypeOf(inputs.list).toEqualTypeOf<{ id: string; value: string }[]>()
    // @ts-expect-error: inputs only has the names declared in needs
    void inputs.facts
    return inputs.list.length
  },
})
// @ts-expect-error: run must return the output schema's type
defineStage({ name: 'wrong', output: z.number(), run: () => 'not a number' })

const pipeline = definePipeline({ name: 'typed', params, stages: [extract, facts, count] })

export async function typed(): Promise<void> {
  const result = await run(pipeline, { generation: { top_p: 0.5 } })
  expectTypeOf(result.output('facts')).toEqualTypeOf<{ id: string; value: string }[]>()
  expectTypeOf(result.output('extract')).toEqualTypeOf<string[]>()
  expectTypeOf(result.output('count')).toEqualTypeOf<number>()
  expectTypeOf(result.status).toEqualTypeOf<'passed' | 'failed'>()
  expectTypeOf(result.stages.facts).toEqualTypeOf<StageResult<{ id: string; value: string }[]>>()
  expectTypeOf(result.stages.facts.status).toEqualTypeOf<'executed' | 'cached' | 'failed' | 'skipped'>()
  const facts = result.stages.facts
  if (facts.status === 'cached') {
    expectTypeOf(facts.hash).toEqualTypeOf<string>()
    expectTypeOf(facts.key).toEqualTypeOf<string>()
    expectTypeOf(facts.output).toEqualTypeOf<{ id: string; value: string }[]>()
  }

  // @ts-expect-error: no stage is named 'fact'
  result.output('fact')
  // @ts-expect-error: no stage is named 'nope'
  void result.stages.nope
  // @ts-expect-error: top_p is a number
  await run(pipeline, { generation: { top_p: 'high' } })
  // @ts-expect-error: overrides follow the params' shape
  await run(pipeline, { extraction: { engine: 'c' } })
  // Overrides are deep-partial: any subset at any depth.
  await run(pipeline, {})
  await run(pipeline, { extraction: {} })
}
