import { sha256 } from '../core/hash.ts'

/** Longest slug kept for one name (a describe or test name) before it is shortened. */
const MAX_SEGMENT = 80
/** Longest file name stem; longer stems are cut and end in a hash of the full names. */
const MAX_STEM = 180
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)$/

/**
 * Turns one test or describe name into a readable, file-safe slug: lower
 * case, ASCII letters, digits, `.` and `_`, other runs replaced by `-`.
 * Never empty, never `.`/`..`, never contains `__` (the separator of nested
 * names) or `~` (the separator of suffixes).
 *
 * @example
 * slugify('Facts and selection match the reviewed baseline') // 'facts-and-selection-match-the-reviewed-baseline'
 * slugify('stable under ±0.05 top_p') // 'stable-under-0.05-top_p'
 */
export function slugify(name: string): string {
  let slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9._]+/g, '-')
    .replace(/\.{2,}/g, '.')
    .replace(/_{2,}/g, '_')
    .replace(/^[-._]+|[-._]+$/g, '')
  if (slug.length > MAX_SEGMENT) slug = slug.slice(0, MAX_SEGMENT).replace(/[-._]+$/, '')
  if (slug === '') return 'unnamed'
  // A reserved device name is not a usable file name on Windows, where a clone may be reviewed.
  return WINDOWS_RESERVED.test(slug) ? `${slug}_` : slug
}

/** The first 8 hex digits of the sha256 of a test's full name, for deterministic disambiguation. */
export function nameHash(test: readonly string[]): string {
  return sha256(test.join('\u0000')).slice(0, 8)
}

/** Options of {@link baselineStem}. */
export interface BaselineStemOptions {
  /** The nth baseline of the same test (1-based); 2 and up add `~n`. @default 1 */
  index?: number
  /** Add the name hash: another test already owns the plain name. @default false */
  disambiguate?: boolean
}

/**
 * The file name (without `.json`) of a test's baseline: the slugs of the
 * describe names and the test name joined by `__`, then `~<hash>` when two
 * tests share a slug and `~<n>` for the nth baseline of one test.
 *
 * @example
 * baselineStem(['selection', 'facts and selection']) // 'selection__facts-and-selection'
 * baselineStem(['facts'], { index: 2 }) // 'facts~2'
 */
export function baselineStem(test: readonly string[], options: BaselineStemOptions = {}): string {
  const index = options.index ?? 1
  let stem = test.length === 0 ? 'unnamed' : test.map(slugify).join('__')
  if (stem.length > MAX_STEM) stem = `${stem.slice(0, MAX_STEM).replace(/[-._]+$/, '')}~${nameHash(test)}`
  else if (options.disambiguate) stem = `${stem}~${nameHash(test)}`
  if (index > 1) stem = `${stem}~${index}`
  return stem
}
