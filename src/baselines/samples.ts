import { stableStringify } from '../core/hash.ts'
import { outputHash } from '../core/output-codec.ts'
import { fromTaggedForm, toTaggedForm } from './tagged-form.ts'

/**
 * The samples of one side of a comparison, by index: each one's content hash
 * and its value in JSON form. Both are computed on first use and kept, so a
 * comparison that the hashes settle never touches (or loads) the values.
 */
export interface SampleSet {
  readonly length: number
  /** The sample's content hash, as the engine's `StageResult.hash` (sha256 of the sorted-key JSON for plain data). */
  hash(index: number): string
  /** The sample in JSON form (as read back from a baseline file). */
  value(index: number): unknown
}

function lazy<T>(compute: () => T): () => T {
  let done = false
  let value: T
  return () => {
    if (!done) {
      value = compute()
      done = true
    }
    return value
  }
}

/** One current output, its hash (given, or computed as the engine does), its form in a baseline file and that form's text. */
export interface CurrentSample {
  hash(): string
  /** The output as a baseline file holds it: JSON data as is, other values tagged (see `toTaggedForm`). */
  json(): unknown
  /** The sorted-key JSON text of that form (serialised on first use). */
  text(): string
}

/**
 * A current output. With `hash` (e.g. the engine's `StageResult.hash`) the
 * output is never serialised for comparing; its stored form is the value
 * itself when it is plain JSON data, else its tagged form. Without `hash`, it
 * is hashed as the engine hashes outputs, so a Map's content is part of it.
 */
export function currentSample(value: unknown, hash?: string): CurrentSample {
  const json = lazy(() => toTaggedForm(value))
  const text = lazy(() => stableStringify(json()))
  return { hash: hash === undefined ? lazy(() => outputHash(value)) : () => hash, json, text }
}

/** A {@link SampleSet} of current outputs. */
export function currentSet(samples: readonly CurrentSample[]): SampleSet {
  return { length: samples.length, hash: (i) => at(samples, i).hash(), value: (i) => at(samples, i).json() }
}

/**
 * A {@link SampleSet} of values in their stored form (see `toTaggedForm`);
 * hashes are the given ones, else computed on first use as the engine hashes
 * the values they stand for.
 *
 * @example
 * sampleSet(['gpt', 'llama']).hash(0) === hashValue('gpt') // true
 */
export function sampleSet(values: readonly unknown[] | { length: number; value: (index: number) => unknown }, hashes?: readonly string[]): SampleSet {
  const read = Array.isArray(values) ? (i: number) => (values as readonly unknown[])[i] : (values as { value: (index: number) => unknown }).value
  const memo = new Map<number, string>()
  return {
    length: values.length,
    value: read,
    hash(i) {
      const given = hashes?.[i]
      if (given !== undefined) return given
      let h = memo.get(i)
      if (h === undefined) memo.set(i, (h = outputHash(fromTaggedForm(read(i)))))
      return h
    },
  }
}

function at<T>(xs: readonly T[], i: number): T {
  const x = xs[i]
  if (x === undefined) throw new RangeError(`no sample ${i} (of ${xs.length})`)
  return x
}
