import type { LoadedBaseline } from './read.ts'
import { sampleSet } from './samples.ts'
import type { SampleSet } from './samples.ts'
import { own } from '../core/own.ts'

/**
 * The stored samples of one stage as a {@link SampleSet}, paired by index
 * with `currentLength` current samples. A single stored output stands for
 * every sample (the stage gave the same one each time). Values are read (from
 * the outputs file, parsed on first use) only when a comparison needs them.
 * Hashes recorded for outputs in the outputs file are used as they are when
 * that file's bytes match its recorded sha256; inline outputs are small and
 * may have been edited by hand, so their hashes are computed from them (as
 * for version 1 files, which record none).
 */
export function referenceSet(loaded: LoadedBaseline, stage: string, currentLength: number): SampleSet {
  const record = own(loaded.baseline.stages, stage)
  if (record === undefined) throw new Error(`the baseline has no stage "${stage}"`)
  const inline = 'output' in record || record.outputs !== undefined
  const trusted = !inline && loaded.outputsTrusted
  const stored = (): unknown[] => {
    if (record.outputs !== undefined) return record.outputs
    if ('output' in record) return [record.output]
    const entry = loaded.external(stage)
    return 'outputs' in entry ? entry.outputs : [entry.output]
  }
  let values: unknown[] | undefined
  const value = (i: number): unknown => (values ??= stored())[record.outputs !== undefined || record.hashes !== undefined ? i : 0]
  if (record.outputs !== undefined || record.hashes !== undefined) {
    return sampleSet({ length: record.samples, value }, trusted ? record.hashes : undefined)
  }
  const single = sampleSet({ length: 1, value: () => value(0) }, trusted && record.hash !== undefined ? [record.hash] : undefined)
  return { length: currentLength, hash: () => single.hash(0), value: () => single.value(0) }
}
