import type { CorpusCase } from './corpus-case.ts'
import { hazardCases } from './hazards/hazards.ts'
import { footnotes } from './cases/footnotes.ts'
import { hyphenation } from './cases/hyphenation.ts'
import { ligatures } from './cases/ligatures.ts'
import { positioning } from './cases/positioning.ts'
import { simple } from './cases/simple.ts'
import { table } from './cases/table.ts'
import { twoColumn } from './cases/two-column.ts'
import { units } from './cases/units.ts'

/** Every generated document, the sanity baseline first, then the hazard corpus. */
export const corpusCases: readonly CorpusCase[] = [simple, table, twoColumn, hyphenation, ligatures, footnotes, units, positioning, ...hazardCases]
