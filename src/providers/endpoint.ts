import { ProviderError } from '../errors.ts'

/** The endpoint `openai()` calls when neither `baseURL` nor `OPENAI_BASE_URL` is set. */
export const DEFAULT_OPENAI_BASE_URL = 'https://api.openai.com/v1'

/**
 * The identity of an OpenAI-compatible endpoint: its origin and path,
 * normalised (scheme and host lower-case, default port dropped, no trailing
 * slash). User info, query and fragment are left out: they may carry
 * credentials, and a recording must never hold one. Two spellings of one
 * endpoint give the same identity, two endpoints never do, and the identity
 * is the same on a machine that cannot reach the endpoint, so CI replays the
 * recordings made against it. `from` names where the URL came from, for the
 * error a malformed one gives.
 *
 * @example
 * endpointIdentity('HTTP://LocalHost:80/v1/') // 'http://localhost/v1'
 */
export function endpointIdentity(baseURL: string, from = 'baseURL'): string {
  let url: URL
  try {
    url = new URL(baseURL.trim())
  } catch (cause) {
    throw new ProviderError(`${from} ${JSON.stringify(redactUserInfo(baseURL))} is not a URL (expected e.g. http://127.0.0.1:8000/v1)`, { component: 'providers', cause })
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ProviderError(`${from} ${JSON.stringify(`${url.protocol}//${url.host}`)} is not an http(s) URL`, { component: 'providers' })
  }
  const path = url.pathname.replace(/\/+$/, '')
  return `${url.protocol}//${url.host}${path}`
}

function redactUserInfo(text: string): string {
  return text.replace(/\/\/[^/@\s]*@/, '//[redacted]@')
}
