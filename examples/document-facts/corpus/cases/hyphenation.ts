import type { CorpusCase } from '../corpus-case.ts'
import { lines } from '../corpus-case.ts'

const SHY = '\u00AD'

/**
 * Prose broken across lines inside the words that label the numbers, and
 * inside a date: first with hard hyphens, then with soft hyphens (U+00AD),
 * which some producers write and extractors keep, drop or turn into "-".
 */
export const hyphenation: CorpusCase = {
  id: 'gen-hyphenation',
  layout: 'hyphenation',
  title: 'Regional water balance',
  hard: 'words and a date hyphenated across lines, with hard and with soft hyphens',
  facts: [
    { key: 'annual', value: '812', unit: 'mm' },
    { key: 'mountain', value: '1460', unit: 'mm' },
    { key: 'evaporation', value: '38', unit: '%' },
    { key: 'catchment', value: '96.4', unit: 'million m³' },
    { key: 'irrigation', value: '2310' },
    { key: 'monitoring', value: '2021-10-11' },
    { key: 'monitoring', value: '17' },
  ],
  pages: () => [{
    runs: lines([
      'Regional water balance',
      'In the last decade the average an-',
      'nual rainfall reached 812 mm on the coast, and the moun-',
      'tain observatory measured 1,460 mm. Evapo-',
      'ration losses were estimated at 38 % of the total.',
      `Across the region, the catch${SHY}`,
      `ment reservoirs stored 96.4 million m³, and the irriga${SHY}`,
      'tion network delivered 2,310 litres per hectare.',
      'Hydrological monitoring resumed on 11 Octo-',
      'ber 2021 at 17 gauging stations.',
    ]),
  }],
}
