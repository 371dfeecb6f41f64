import type { CorpusCase } from '../corpus-case.ts'
import { columnsFootnotes } from './columns-footnotes.ts'
import { form } from './form.ts'
import { ledger } from './ledger.ts'
import { localeNumbers } from './locale-numbers.ts'
import { multiLineCells } from './multi-line-cells.ts'
import { rotated } from './rotated.ts'
import { rowLabels } from './row-labels.ts'
import { rtl } from './rtl.ts'

/** The layouts that break extractors, one document each; every hazard is its own document class. */
export const HAZARDS = ['ledger', 'row-labels', 'multi-line-cells', 'rtl', 'form', 'rotated', 'columns-footnotes', 'locale-numbers'] as const

/** A hazard of the corpus. */
export type Hazard = (typeof HAZARDS)[number]

/** The hazard corpus, in the order of {@link HAZARDS}. */
export const hazardCases: readonly CorpusCase[] = [ledger, rowLabels, multiLineCells, rtl, form, rotated, columnsFootnotes, localeNumbers]
