import { sha256 } from '../core/hash.ts'

const NL = 0x0a

// Every stored entry, local or remote, is framed the same way: the sha256 of
// the payload in hex, a newline, the payload. A reader re-hashes the payload,
// so a torn file, a flipped bit or a foreign value under our key is a miss,
// never an output served as if it were the stage's.

/** `value` framed with its sha256, as stores keep it. */
export function frame(value: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from(`${sha256(value)}\n`, 'latin1'), value])
}

/** The payload of a framed entry, or `undefined` when it fails its hash check. */
export function unframe(bytes: Uint8Array): Uint8Array | undefined {
  if (bytes.byteLength < 65 || bytes[64] !== NL) return undefined
  const payload = bytes.subarray(65)
  if (sha256(payload) !== Buffer.from(bytes.buffer, bytes.byteOffset, 64).toString('latin1')) return undefined
  return payload
}
