import type { CorpusCase } from '../corpus-case.ts'
import { lines } from '../corpus-case.ts'

/** One fact per sentence, one sentence per line: every extractor should get all of it. */
export const simple: CorpusCase = {
  id: 'gen-simple',
  layout: 'simple',
  title: 'Aldermoor district facts',
  hard: 'nothing: the sanity baseline',
  facts: [
    { key: 'reservoir', value: '4250' },
    { key: 'bridge', value: '318', unit: 'm' },
    { key: 'wind', value: '112', unit: 'km/h' },
    { key: 'survey', value: '2023-03-14' },
    { key: 'income', value: '3.7', unit: '%' },
    { key: 'library', value: '86' },
    { key: 'ferry', value: '1240' },
    { key: 'temperature', value: '19.5', unit: '°C' },
    { key: 'museum', value: '1998-06-02' },
    { key: 'orchard', value: '27.5', unit: 't' },
    { key: 'budget', value: '5.2', unit: 'million EUR' },
    { key: 'tunnel', value: '2.8', unit: 'km' },
  ],
  pages: () => [{
    runs: lines([
      'Aldermoor district facts',
      'The Aldermoor reservoir holds 4,250 megalitres of water.',
      'The north bridge spans 318 m across the estuary.',
      'Station Kessel recorded a peak wind speed of 112 km/h.',
      'The household survey was completed on 14 March 2023.',
      'Average household income rose by 3.7% last year.',
      'The new library has 86 reading desks.',
      'The ferry carries 1,240 passengers per crossing.',
      'Water temperature in the lake reached 19.5 °C in July.',
      'The town museum opened on 2 June 1998.',
      'The orchard produced 27.5 t of apples.',
      'The council approved a budget of 5.2 million EUR.',
      'The rail tunnel is 2.8 km long.',
    ]),
  }],
}
