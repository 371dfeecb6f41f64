/**
 * Units recognised right after a number, canonical as written. Longer
 * spellings come first so that `km²` wins over `km` and `km` over `m`.
 */
export const UNITS: readonly string[] = [
  'km/h', 'm/s', 'km²', 'cm²', 'm²', 'm³', '°C', '°F', 'kWh', 'MWh', 'GWh', 'TWh', 'kPa', 'hPa', 'MPa', 'kHz', 'MHz', 'GHz',
  'EUR', 'USD', 'GBP', 'min', 'km', 'cm', 'mm', 'µm', 'nm', 'kg', 'mg', 'ml', 'kW', 'MW', 'GW', 'kV', 'mA', 'Hz', 'kB', 'MB',
  'GB', 'TB', 'ms', 'Pa', 'ha', '%', '‰', '°', 'm', 'g', 't', 'L', 'l', 'W', 'V', 'A', 's', 'h', 'K',
]

/** Scale words between a number and its unit (`5.2 million EUR`). */
export const SCALES: readonly string[] = ['thousand', 'million', 'billion']

/** Currency signs written before a number, and the unit they stand for. */
export const CURRENCY_SIGNS: Readonly<Record<string, string>> = { '€': 'EUR', '$': 'USD', '£': 'GBP' }

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')

/** Regex source matching one unit from {@link UNITS}, not followed by a letter or digit. */
export const UNIT_SOURCE = `(?:${UNITS.map(escape).join('|')})(?![\\p{L}\\p{N}])`

/** Regex source matching one scale word from {@link SCALES}. */
export const SCALE_SOURCE = `(?:${SCALES.join('|')})(?![\\p{L}\\p{N}])`
