import type { CorpusCase } from '../corpus-case.ts'
import { lines } from '../corpus-case.ts'

const FI = '\uFB01'
const FL = '\uFB02'

/**
 * Every label word contains an fi or fl ligature, drawn with Helvetica's own
 * `fi`/`fl` glyphs through an encoding that has no ToUnicode map, the way TeX
 * output does: the extractor must know the glyph names to get the letters back.
 */
export const ligatures: CorpusCase = {
  id: 'gen-ligatures',
  layout: 'ligatures',
  title: 'Field notes',
  hard: 'fi and fl ligature glyphs identified only by glyph name (no ToUnicode)',
  facts: [
    { key: 'flight', value: '94', unit: 'min' },
    { key: 'efficiency', value: '41.3', unit: '%' },
    { key: 'floor', value: '1820', unit: 'm²' },
    { key: 'field', value: '2022-08-07' },
    { key: 'reflected', value: '620', unit: 'W' },
    { key: 'fleet', value: '36' },
    { key: 'profits', value: '4.5', unit: '%' },
    { key: 'flood', value: '520', unit: 'm' },
  ],
  pages: () => [{
    runs: lines([
      `${FI}eld notes`,
      `The ${FI}rst ${FL}ight of the glider lasted 94 min.`,
      `The ${FI}nal ${FI}lter ef${FI}ciency reached 41.3%.`,
      `The of${FI}ce ${FL}oor area is 1,820 m².`,
      `The ${FI}eld trial ${FI}nished on 7 August 2022.`,
      `Re${FL}ected sunlight measured 620 W per square metre.`,
      `The harbour ${FL}eet counts 36 ${FI}shing boats.`,
      `Pro${FI}ts ${FL}uctuated by 4.5% in the ${FI}scal year.`,
      `The ${FL}ood barrier is 520 m wide.`,
    ]),
  }],
}
