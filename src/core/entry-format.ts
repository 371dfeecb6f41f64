import { parse } from 'devalue'
import { stableStringify } from './hash.ts'
import type { EncodedOutput } from './output-codec.ts'
import type { StageUsage } from './result.ts'

// The version of the entry format. Format 3 is a one-line header (the index
// record: stage, output hash, usage, logs, how the output is encoded and
// which schema code accepted it) followed by the output's own text, so that a
// warm run resolves a key to its output hash by parsing the header only and
// parses the output when something reads it. Bump it whenever the bytes of an
// entry change meaning: entries of any other version (format 2 wrote one JSON
// object; an older or newer vitest-butterfly on a shared cache) are a quiet
// miss, recomputed and overwritten, never misread.
const FORMAT = 3

const NL = 0x0a
const encoder = new TextEncoder()
const decoder = new TextDecoder()

/** The header of a stored entry: everything a warm run needs without the output. */
export interface EntryHeader {
  v: typeof FORMAT
  stage: string
  /** Content hash of the output. */
  hash: string
  usage: StageUsage
  logs: string[]
  /** How the output text is encoded: JSON (exact) or devalue. */
  form: 'json' | 'devalue'
  /**
   * Fingerprint of the stage's code (its module graph) when the output was
   * validated against the stage's schema, if known: a reader with the same
   * fingerprint has the same schema and need not validate again.
   */
  schema?: string
}

/** A read entry: its header, and its output parsed on first use. */
export interface ReadEntry {
  header: EntryHeader
  /** Parses the output text (a fresh value on every call). */
  parse(): unknown
}

/** The bytes of an entry holding `encoded`, with the header fields given. */
export function encodeEntry(header: Omit<EntryHeader, 'v' | 'form' | 'hash'>, encoded: EncodedOutput): Uint8Array {
  const form = 'output' in encoded.stored ? 'json' : 'devalue'
  const head = stableStringify({ ...header, v: FORMAT, form, hash: encoded.hash })
  return encoder.encode(`${head}\n${encoded.text}`)
}

/**
 * The header of an entry from its first line. `undefined` for an entry of
 * another format version (a quiet miss); throws for a line that is not a
 * header of this format (a damaged or foreign value).
 */
export function decodeHeader(head: string): EntryHeader | undefined {
  const parsed = JSON.parse(head) as Partial<EntryHeader> | null
  if (typeof parsed?.v === 'number' && parsed.v !== FORMAT) return undefined
  if (parsed?.v !== FORMAT || typeof parsed.stage !== 'string' || typeof parsed.hash !== 'string' || (parsed.form !== 'json' && parsed.form !== 'devalue')) {
    throw new Error('unexpected entry shape')
  }
  return parsed as EntryHeader
}

/** The entry whose header is `header` and whose output text is `body`. */
export function entryOf(header: EntryHeader, body: () => Uint8Array): ReadEntry {
  return {
    header,
    parse: () => {
      const text = decoder.decode(body())
      return header.form === 'json' ? JSON.parse(text) : parse(text)
    },
  }
}

/**
 * Splits entry bytes into header and output text. `undefined` for an entry
 * of another format version (a quiet miss); throws for bytes that are not an
 * entry of this format (a damaged or foreign value).
 */
export function decodeEntry(bytes: Uint8Array): ReadEntry | undefined {
  const nl = bytes.indexOf(NL)
  const header = decodeHeader(decoder.decode(nl === -1 ? bytes : bytes.subarray(0, nl)))
  if (!header) return undefined
  if (nl === -1) throw new Error('unexpected entry shape')
  const body = bytes.subarray(nl + 1)
  return entryOf(header, () => body)
}
