import type { CorpusCase } from '../corpus-case.ts'
import { wrap } from '../corpus-case.ts'

const LEFT = 'The northern site covers an area of 48.5 km² and lies at an altitude of 312 m. Its weather station logged 1,046 mm of rain in 2022. Excavation began on 5 May 2019 and uncovered 214 pottery fragments.'
const RIGHT = 'The southern site is smaller, at 12.3 km², and sits only 27 m above sea level. The visitor centre welcomed 38,500 guests last season. Its solar roof generates 145 kWh on a clear day.'

/**
 * Two columns of prose whose lines are drawn alternately, left then right,
 * as some word processors write them: the reading order is only in the
 * geometry, not in the content stream.
 */
export const twoColumn: CorpusCase = {
  id: 'gen-two-column',
  layout: 'two-column',
  title: 'Two excavation sites',
  hard: 'two columns whose lines alternate in the content stream',
  facts: [
    { key: 'area', value: '48.5', unit: 'km²' },
    { key: 'altitude', value: '312', unit: 'm' },
    { key: 'station', value: '1046', unit: 'mm' },
    { key: 'rain', value: '2022' },
    { key: 'excavation', value: '2019-05-05' },
    { key: 'uncovered', value: '214' },
    { key: 'smaller', value: '12.3', unit: 'km²' },
    { key: 'sits', value: '27', unit: 'm' },
    { key: 'welcomed', value: '38500' },
    { key: 'roof', value: '145', unit: 'kWh' },
  ],
  pages: () => {
    const left = wrap(LEFT, 215)
    const right = wrap(RIGHT, 215)
    const runs = [{ text: 'Two excavation sites', x: 72, y: 780, size: 14 }]
    for (let i = 0; i < Math.max(left.length, right.length); i++) {
      const y = 750 - i * 15
      if (left[i]) runs.push({ text: left[i]!, x: 72, y, size: 11 })
      if (right[i]) runs.push({ text: right[i]!, x: 315, y, size: 11 })
    }
    return [{ runs }]
  },
}
