import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { createMemoryStore, definePipeline, defineStage, perturb, run, sweep } from 'vitest-butterfly'
import { judge, judgeDrift } from 'vitest-butterfly/judge'
import type { JudgeStageOutput } from 'vitest-butterfly/judge'
import { local } from 'vitest-butterfly/providers'

// The tiny story model cannot follow a rubric. It can still continue "It made
// the judge feel very …" with a mood word, so a labelled scale and a raw
// prompt give it something to be scored on. These tests show the judge
// machinery on a real sampling model (parsing, unparsed outcomes, noise per
// sample), not judging quality.
const moods = { labels: { happy: 5, excited: 4, proud: 4, pretty: 4, special: 4, surprised: 3, curious: 3, sorry: 2, scared: 1, sad: 1 } }
const moodJudge = judge({
  model: 'tiny-story', call: 'complete', rubric: 'How happy does the story make the reader?', scale: moods,
  temperature: 1, top_p: 0.95, max_tokens: 12,
  prompt: (item) => `${item.output}\nThe judge read the story. It made the judge feel very`,
})
const STORIES = [
  'Lily gave her red ball to Tom.', 'The dog lost his bone in the park.', 'Sam and his mom baked a big cake.',
  'The bird could not fly in the rain.', 'Mia found a shiny stone by the river.', 'Ben broke his toy car.',
]
const params = z.object({ judge: z.object({ replicate: z.number().int().min(0).default(0) }).default({ replicate: 0 }) })
type P = z.infer<typeof params>

function fixedStories() {
  const stories = defineStage({ name: 'stories', output: z.array(z.string()), run: () => STORIES })
  const judged = moodJudge.stage({ name: 'judge', needs: { stories }, params: (p: P) => p.judge, items: ({ stories }) => stories.map((output, i) => ({ id: `s${i}`, output })) })
  return definePipeline({ name: 'judge-local', params, stages: [stories, judged], models: { 'tiny-story': local() } })
}

describe('judge() on the local tiny model', () => {
  it('scores vary across samples (measurable judge noise) and are identical for the same sample', async () => {
    const pipeline = fixedStories()
    const outputs: JudgeStageOutput[] = []
    for (let sample = 0; sample < 4; sample++) {
      const r = await run(pipeline, {}, { sample, cache: createMemoryStore(), llm: { mode: 'off' } })
      expect(r.status).toBe('passed')
      outputs.push(r.output('judge'))
    }
    const again = await run(pipeline, {}, { sample: 2, cache: createMemoryStore(), llm: { mode: 'off' } })
    expect(again.stages.judge.status).toBe('executed')
    expect(again.output('judge')).toEqual(outputs[2])

    const all = outputs.flatMap((o) => o.judgements)
    expect(all.some((j) => j.status === 'scored')).toBe(true)
    expect(all.some((j) => j.status === 'unparsed')).toBe(true)
    const m = judgeDrift()
    const pairs = [0, 1, 2, 3].map((i) => m.compute(outputs[i]!, outputs[(i + 1) % 4]!))
    expect(Math.max(...pairs)).toBeGreaterThan(0)
  })

  it('a sweep over judge.replicate re-judges the cached stories: judge noise on its own', async () => {
    const s = await sweep(fixedStories(), { perturbations: perturb.swap('judge.replicate', [1, 2]), repeats: 3, cache: createMemoryStore(), llm: { mode: 'off' } })
    const statuses = s.variants.flatMap((v) => v.runs.map((r) => r.stages['judge']!.status))
    expect(statuses).toEqual(Array(9).fill('executed'))
    const d = s.drift('judge', judgeDrift())
    expect(d.perVariant.some((v) => v.mean > 0)).toBe(true)
  })
})
