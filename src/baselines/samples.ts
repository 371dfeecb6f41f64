import { hashValue, sha256, stableStringify } from '../core/hash.ts'
import { isJsonForm } from './json-form.ts'

/**
 * The samples of one side of a comparison, by index: each one's content hash
 * and its value in JSON form. Both are computed on first use and kept, so a
 * comparison that the hashes settle never touches (or loads) the values.
 */
export interface SampleSet {
  readonly length: number
  /** sha256 of the sample's sorted-key JSON (the engine's `StageResult.hash`). */
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

/** One current output, its hash (given, or computed from its serialisation), its JSON form and its serialisation. */
export interface CurrentSample {
  hash(): string
  json(): unknown
  /** The sorted-key JSON text (serialised on first use). */
  text(): string
}

/**
 * A current output. With `hash` (e.g. the engine's `StageResult.hash`) the
 * output is never serialised for comparing; its JSON form is the value itself
 * when it already is one (see `isJsonForm`), else a serialise-and-parse.
 */
export function currentSample(value: unknown, hash?: string): CurrentSample {
  const text = lazy(() => stableStringify(value))
  const json = lazy(() => (isJsonForm(value) ? value : (JSON.parse(text()) as unknown)))
  return { hash: hash === undefined ? lazy(() => sha256(text())) : () => hash, json, text }
}

/** A {@link SampleSet} of current outputs. */
export function currentSet(samples: readonly CurrentSample[]): SampleSet {
  return { length: samples.length, hash: (i) => at(samples, i).hash(), value: (i) => at(samples, i).json() }
}

/**
 * A {@link SampleSet} of values already in JSON form; hashes are the given
 * ones, else computed on first use.
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
      if (h === undefined) memo.set(i, (h = hashValue(read(i))))
      return h
    },
  }
}

function at<T>(xs: readonly T[], i: number): T {
  const x = xs[i]
  if (x === undefined) throw new RangeError(`no sample ${i} (of ${xs.length})`)
  return x
}
