import { StatsError } from '../errors.ts'

/** Result of {@link mcnemarTest}. */
export interface McNemarResult {
  /** Items right under A and wrong under B. */
  b: number
  /** Items wrong under A and right under B. */
  c: number
  /** Exact conditional (binomial) two-sided p-value. */
  p: number
  /** Mid-p variant: less conservative, recommended by Fagerland et al. (2013). */
  midP: number
}

/** Discordant counts of two paired per-item correctness vectors. */
export interface DiscordantCounts {
  b: number
  c: number
}

function logChoose(n: number, k: number): number {
  let sum = 0
  for (let i = 1; i <= k; i++) sum += Math.log((n - k + i) / i)
  return sum
}

/**
 * McNemar's test for paired binary outcomes (e.g. per-item correctness of two
 * systems on the same items), exact conditional form: under H0 the b
 * discordant items of one kind are Binomial(b + c, ½). Accepts either two
 * boolean arrays (A correct, B correct per item) or the discordant counts.
 * With no discordant items both p-values are 1.
 *
 * @example
 * mcnemarTest({ b: 1, c: 7 }) // { b: 1, c: 7, p: 0.0703 (18/256), midP: 0.0391 (10/256) }
 * mcnemarTest([true, true, false], [true, false, false]) // b = 1, c = 0, p = 1
 */
export function mcnemarTest(a: readonly boolean[] | DiscordantCounts, bCorrect?: readonly boolean[]): McNemarResult {
  const { b, c } = Array.isArray(a) ? countDiscordant(a, bCorrect) : (a as DiscordantCounts)
  if (!Number.isInteger(b) || !Number.isInteger(c) || b < 0 || c < 0) {
    throw new StatsError(`mcnemarTest needs non-negative integer discordant counts, got b = ${String(b)}, c = ${String(c)}`, { component: 'stats' })
  }
  const n = b + c
  if (n === 0) return { b, c, p: 1, midP: 1 }
  const k = Math.min(b, c)
  // Sum the lower tail in log space relative to its largest term (i = k), so n in the
  // tens of thousands neither underflows nor loses the small p-values.
  const logTerms: number[] = []
  for (let i = 0; i <= k; i++) logTerms.push(logChoose(n, i) - n * Math.LN2)
  const top = logTerms[k] as number
  let tailScaled = 0
  for (const t of logTerms) tailScaled += Math.exp(t - top)
  const scale = Math.exp(top)
  const p = Math.min(1, 2 * tailScaled * scale)
  // Mid-p counts only half of the observed point's probability, which is the top term (scaled to 1).
  const midP = Math.min(1, 2 * (tailScaled - 0.5) * scale)
  return { b, c, p, midP }
}

function countDiscordant(a: readonly boolean[], b: readonly boolean[] | undefined): DiscordantCounts {
  if (!b) throw new StatsError('mcnemarTest with a boolean array needs a second boolean array of the same items', { component: 'stats' })
  if (a.length !== b.length) {
    throw new StatsError(`mcnemarTest needs paired arrays of the same length, got ${a.length} and ${b.length}`, { component: 'stats' })
  }
  let onlyA = 0
  let onlyB = 0
  for (let i = 0; i < a.length; i++) {
    if (a[i] && !b[i]) onlyA += 1
    else if (!a[i] && b[i]) onlyB += 1
  }
  return { b: onlyA, c: onlyB }
}
