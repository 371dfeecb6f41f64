// Prints local-model completions as JSON, for comparing separate processes.
// Run: node --import tsx test/support/local-samples.ts
import { local } from '../../src/providers/local.ts'

const provider = local()
const out: string[] = []
for (const [i, prompt] of ['Once upon a time', 'The little dog', 'Lily saw a bird', 'One day, Tom'].entries()) {
  const r = await provider.complete({ model: 'tiny-story', prompt, temperature: 0.9, top_p: 0.9, top_k: 40, seed: 1000 + i, max_tokens: 24 })
  out.push(r.text)
}
process.stdout.write(JSON.stringify(out))
