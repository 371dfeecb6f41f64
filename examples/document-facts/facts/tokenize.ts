import { CURRENCY_SIGNS, SCALE_SOURCE, UNIT_SOURCE } from './units.ts'

/** A token of extracted text, as the fact reader sees it. */
export type Token =
  | { type: 'word'; text: string }
  | { type: 'end' }
  | { type: 'quantity'; kind: 'number' | 'date'; raw: string; value: string; unit: string }

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december']
const MONTH = '(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)'
const FULL_MONTH = '(?:January|February|March|April|May|June|July|August|September|October|November|December)'
const YEAR = '(?:1[5-9]\\d\\d|2[01]\\d\\d)'
const NUM = '(?:\\d{1,3}(?:,\\d{3})+|\\d+)(?:\\.\\d+)?'
const SUPERSCRIPT_DIGITS = '⁰¹²³⁴⁵⁶⁷⁸⁹'
// A number glued to a letter (`vessels2`, `x2`, `3a`) is a marker or a symbol, not a quantity.
const FREE = '(?<![\\p{L}\\p{N}.,])'

const PATTERN = new RegExp([
  `${FREE}(?<dmy>(?<dmyD>\\d{1,2})\\s+(?<dmyM>${MONTH})\\.?,?\\s+(?<dmyY>${YEAR}))(?!\\d)`,
  `(?<![\\p{L}])(?<mdy>(?<mdyM>${MONTH})\\.?\\s+(?<mdyD>\\d{1,2}),?\\s+(?<mdyY>${YEAR}))(?!\\d)`,
  `${FREE}(?<iso>(?<isoY>${YEAR})-(?<isoM>\\d{2})-(?<isoD>\\d{2}))(?!\\d)`,
  `(?<![\\p{L}])(?<my>(?<myM>${FULL_MONTH})\\s+(?<myY>${YEAR}))(?!\\d)`,
  `${FREE}(?<sci>(?<sciN>${NUM})\\s?[×x]\\s?10(?<sciE>[${SUPERSCRIPT_DIGITS}]+|\\^[-−]?\\d+))(?:\\s?(?<sciU>${UNIT_SOURCE}))?`,
  `(?<cur>(?<curS>[€$£])\\s?(?<curN>${NUM})(?:\\s(?<curX>${SCALE_SOURCE}))?)(?![\\p{L}\\p{N}])`,
  `${FREE}(?<num>(?<numS>[-–−](?=\\d))?(?<numN>${NUM})(?:\\s?(?<numX>${SCALE_SOURCE}))?(?:\\s?(?<numU>${UNIT_SOURCE}))?)(?![\\p{L}\\p{N}])`,
  '(?<word>\\p{L}[\\p{L}\\p{M}\'’]*)',
  '(?<end>[.!?](?=\\s|$))',
].join('|'), 'gu')

function isoDate(year: string, month: string, day?: string): string {
  const m = MONTHS.findIndex((name) => name.startsWith(month.toLowerCase().slice(0, 3))) + 1
  const mm = String(m).padStart(2, '0')
  return day === undefined ? `${year}-${mm}` : `${year}-${mm}-${day.padStart(2, '0')}`
}

function plain(num: string): string {
  return num.replace(/,/g, '')
}

function superscriptToDigits(exp: string): string {
  return exp.startsWith('^') ? exp.slice(1).replace('−', '-') : [...exp].map((c) => SUPERSCRIPT_DIGITS.indexOf(c)).join('')
}

function joinUnit(...parts: (string | undefined)[]): string {
  return parts.filter((p) => p !== undefined && p !== '').join(' ')
}

/**
 * Splits prepared text into words, sentence ends and quantities (numbers
 * with their unit, and dates), each quantity normalised: thousands separators
 * dropped, `-` for minus, `2.5e3` for `2.5 × 10³`, ISO dates.
 *
 * @example
 * tokenize('It cost €1,200.') // word It, word cost, quantity 1200 EUR, end
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = []
  for (const m of text.matchAll(PATTERN)) {
    const g = m.groups!
    const raw = m[0]
    if (g.word !== undefined) tokens.push({ type: 'word', text: g.word })
    else if (g.end !== undefined) tokens.push({ type: 'end' })
    else if (g.dmy !== undefined) tokens.push({ type: 'quantity', kind: 'date', raw, value: isoDate(g.dmyY!, g.dmyM!, g.dmyD), unit: '' })
    else if (g.mdy !== undefined) tokens.push({ type: 'quantity', kind: 'date', raw, value: isoDate(g.mdyY!, g.mdyM!, g.mdyD), unit: '' })
    else if (g.iso !== undefined) tokens.push({ type: 'quantity', kind: 'date', raw, value: g.iso, unit: '' })
    else if (g.my !== undefined) tokens.push({ type: 'quantity', kind: 'date', raw, value: isoDate(g.myY!, g.myM!), unit: '' })
    else if (g.sci !== undefined) {
      tokens.push({ type: 'quantity', kind: 'number', raw, value: `${plain(g.sciN!)}e${superscriptToDigits(g.sciE!)}`, unit: joinUnit(g.sciU) })
    } else if (g.cur !== undefined) {
      tokens.push({ type: 'quantity', kind: 'number', raw, value: plain(g.curN!), unit: joinUnit(g.curX, CURRENCY_SIGNS[g.curS!]) })
    } else if (g.num !== undefined) {
      tokens.push({ type: 'quantity', kind: 'number', raw, value: (g.numS ? '-' : '') + plain(g.numN!), unit: joinUnit(g.numX, g.numU) })
    }
  }
  return tokens
}
