/**
 * The candidate "models" the pipeline selects between: distinct sampling
 * configurations and prompt formats of the same local model, or, when the
 * pipeline points at an OpenAI-compatible endpoint, distinct served models.
 */
export interface Candidate {
  id: string
  /** Model id in the pipeline's `models`. */
  model: string
  temperature: number
  top_p: number
  top_k: number
  /** How the item prompt is shown to the candidate. */
  format: 'plain' | 'last-sentence' | 'story-prefix'
}

/** The default candidates. */
export const candidates: Candidate[] = [
  { id: 'greedy', model: 'candidate', temperature: 0, top_p: 1, top_k: 1, format: 'plain' },
  { id: 'warm', model: 'candidate', temperature: 0.7, top_p: 0.9, top_k: 40, format: 'plain' },
  { id: 'focused', model: 'candidate', temperature: 0.3, top_p: 0.8, top_k: 10, format: 'last-sentence' },
  { id: 'storyteller', model: 'candidate', temperature: 0.5, top_p: 0.95, top_k: 20, format: 'story-prefix' },
]

/** Formats an item prompt for a candidate. */
export function formatPrompt(prompt: string, format: Candidate['format']): string {
  if (format === 'plain') return prompt
  if (format === 'story-prefix') return `Once upon a time. ${prompt}`
  const sentences = prompt.split(/(?<=[.!?])\s+/)
  return sentences.length > 1 ? sentences.slice(-2).join(' ') : prompt
}
