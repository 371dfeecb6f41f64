/**
 * Keeps credentials out of everything vitest-butterfly prints or writes:
 * error messages, test records, reports and recordings. One function decides
 * what a secret is; errors are redacted where a provider's failure becomes
 * ours, records where they are attached to a test, reports before they are
 * rendered and cassettes before they are written.
 */

const REDACTED = '[redacted]'
// Shorter values would redact ordinary words ("test", "local").
const MIN_SECRET_LENGTH = 8

const registered = new Set<string>()

/** Environment variables whose values are credentials (OPENAI_API_KEY, HF_TOKEN, GITHUB_TOKEN, DB_PASSWORD …). */
const SECRET_ENV = /(^|_)(API_?KEY|KEY|TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIALS?|AUTH)(_|$)/i

/** Header names whose values are credentials (authorization, proxy-authorization, x-api-key, cookie …). */
const CREDENTIAL_HEADER = /^(authorization|proxy-authorization|cookie|set-cookie)$|api[-_]?key|token|secret|password|session|auth/i
/**
 * True for a header whose value is a credential (authorization,
 * proxy-authorization, cookie, x-api-key, anything naming a key, token,
 * secret, password, session or auth).
 *
 * @example
 * isCredentialHeader('X-Api-Key') // true
 */
export function isCredentialHeader(name: string): boolean {
  return CREDENTIAL_HEADER.test(name)
}

/** Field names of plain objects whose string values are credentials; exact, so `promptTokens` or `tokenizer` stay. */
const CREDENTIAL_FIELD = /^(authorization|proxy-authorization|cookie|set-cookie|x-api-key|api[-_]?key|access[-_]?token|token|secret|password)$/i

const PATTERNS: ReadonlyArray<[RegExp, string]> = [
  // Authorization: Bearer sk-… / Basic dXNlcjpwYXNz
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{6,}/gi, `$1 ${REDACTED}`],
  // OpenAI-style keys: sk-…, sk-proj-…
  [/\bsk-[A-Za-z0-9_-]{16,}/g, `sk-${REDACTED}`],
  // "x-api-key": "…", api_key=…, cookie: …
  [/\b(x-api-key|api[-_]?key|access[-_]?token|cookie|set-cookie)(["']?\s*[:=]\s*["']?)(?!\[redacted\])[^\s"',;&}]+/gi, `$1$2${REDACTED}`],
  // https://user:password@host
  [/(\/\/)[^/@\s:]+:[^/@\s]+@/g, `$1${REDACTED}@`],
]

/**
 * Marks a value as a secret for this process: every later redaction replaces
 * it. Providers register their configured keys and credential headers;
 * values shorter than 8 characters are ignored.
 *
 * @example
 * registerSecret(options.apiKey)
 */
export function registerSecret(value: string | undefined): void {
  if (typeof value === 'string' && value.trim().length >= MIN_SECRET_LENGTH) registered.add(value.trim())
}

function knownSecrets(): string[] {
  const values = new Set(registered)
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && value.trim().length >= MIN_SECRET_LENGTH && SECRET_ENV.test(name)) values.add(value.trim())
  }
  // Longest first, so a key that contains another is replaced whole.
  return [...values].sort((a, b) => b.length - a.length)
}

/**
 * Replaces credentials in a text: registered secrets, the values of
 * credential-named environment variables, bearer and basic tokens, `sk-…`
 * keys, `api_key=…`/`x-api-key: …`/`cookie: …` values and passwords in URLs.
 *
 * @example
 * redactSecrets('401: bad key Bearer sk-abcdefghijklmnopqrstu') // '401: bad key Bearer [redacted]'
 */
export function redactSecrets(text: string, options: RedactOptions = {}): string {
  return redactWith(text, options, knownSecrets())
}

function redactWith(text: string, options: RedactOptions, secrets: readonly string[]): string {
  let out = text
  for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join(REDACTED)
  if (options.shapes !== false) for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement)
  return out
}

/** How much {@link redactSecrets} replaces. */
export interface RedactOptions {
  /**
   * Also replace what looks like a credential (bearer tokens, `sk-…`,
   * `api_key=…`). Off for recorded model text, where a look-alike is content.
   * @default true
   */
  shapes?: boolean
}

/**
 * A deep copy of a JSON-like value with every string redacted and every
 * credential-named key's value replaced. Used on records and reports.
 *
 * @example
 * redactValue({ message: 'Bearer sk-…', headers: { authorization: 'x' } })
 */
export function redactValue<T>(value: T, options: RedactOptions = {}): T {
  // The secrets are collected once per value, not once per string in it.
  return copy(value, new WeakMap(), options, knownSecrets()) as T
}

function copy(value: unknown, seen: WeakMap<object, unknown>, options: RedactOptions, secrets: readonly string[]): unknown {
  if (typeof value === 'string') return redactWith(value, options, secrets)
  if (value === null || typeof value !== 'object') return value
  if (seen.has(value)) return seen.get(value)
  if (Array.isArray(value)) {
    const out: unknown[] = []
    seen.set(value, out)
    for (const v of value) out.push(copy(v, seen, options, secrets))
    return out
  }
  const proto = Object.getPrototypeOf(value)
  if (proto !== Object.prototype && proto !== null) {
    // Asked only of objects that are not plain: the first read of the global
    // `Headers` loads undici, which a process that never made a request should not pay.
    if (!isHeaders(value)) return value
    const out = new Headers()
    value.forEach((v, k) => out.set(k, CREDENTIAL_HEADER.test(k) ? REDACTED : redactWith(v, options, secrets)))
    return out
  }
  const out: Record<string, unknown> = {}
  seen.set(value, out)
  for (const [k, v] of Object.entries(value)) out[k] = CREDENTIAL_FIELD.test(k) && typeof v === 'string' ? REDACTED : copy(v, seen, options, secrets)
  return out
}

const isHeaders = (v: object): v is Headers => typeof Headers !== 'undefined' && v instanceof Headers

/**
 * Redacts an error and its `cause` chain in place: message, stack and every
 * own property (a response body, headers). The error keeps its class,
 * `status` and `code`, so it is classified and retried as before. Returns it.
 *
 * @example
 * throw redactError(error)
 */
export function redactError<E>(error: E): E {
  const seen = new Set<object>()
  let e: unknown = error
  for (let depth = 0; depth < 8 && e !== null && typeof e === 'object' && !seen.has(e); depth++) {
    seen.add(e)
    const o = e as Record<string, unknown>
    for (const key of Object.getOwnPropertyNames(o)) {
      if (key === 'cause') continue
      const descriptor = Object.getOwnPropertyDescriptor(o, key)
      if (!descriptor || !('value' in descriptor) || !descriptor.writable) continue
      const v = descriptor.value
      const redacted = typeof v === 'string' ? redactSecrets(v) : v !== null && typeof v === 'object' ? redactValue(v) : v
      if (redacted !== v) o[key] = redacted
    }
    e = o.cause
  }
  return error
}
