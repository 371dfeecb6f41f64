import { invariantOutcome } from './figures.ts'
import { assertionCount, effectBounds, familyLine, headline, interval, latencyVersus, machineNote, ms, num, numbers, outcome, percent, plural, pValue, runCounts, stabilityFigures, versus } from './format.ts'
import type { MarkdownOptions, MarkdownSection } from './markdown-fit.ts'
import { fitMarkdown } from './markdown-fit.ts'
import type { ButterflyReport, ReportTest } from './model.ts'
import { testOutcome, testTitle } from './model.ts'
import type { BaselineRecord, ErrorRecord, ExecutionRecord, InvariantRecord, LatencyRecord, RunRecord, StabilityRecord } from './record.ts'
import { filterText } from './console.ts'

const cell = (s: string): string => s.replaceAll('\\', '\\\\').replaceAll('|', '\\|').replaceAll('\n', ' ')
const code = (s: string): string => `\`${s.replaceAll('`', 'ˋ')}\``
const row = (cells: string[]): string => `| ${cells.map(cell).join(' | ')} |`
const table = (head: string[], rows: string[][]): string[] => [row(head), `|${head.map(() => '---').join('|')}|`, ...rows.map(row)]

// Metric notes are free text: keep each to one line and out of HTML, links and
// emphasis (`->` stays readable: `>` quotes only at the start of a line).
const text = (s: string): string => s.replaceAll('\n', ' ').replace(/[\\`*<[\]]/g, '\\$&')
// A few lines per assertion; the JSON report keeps every note.
const NOTE_VARIANTS = 5
const NOTES_PER_VARIANT = 3

function variantNotes(r: StabilityRecord): string[] {
  const noted = r.variants.map((v) => ({ label: v.label, notes: [...new Set(v.notes)] })).filter((v) => v.notes.length > 0)
  if (noted.length === 0) return []
  const lines = noted.slice(0, NOTE_VARIANTS).map((v) => {
    const more = v.notes.length - NOTES_PER_VARIANT
    return `- ${code(v.label)}: ${v.notes.slice(0, NOTES_PER_VARIANT).map(text).join(' · ')}${more > 0 ? ` (+${more} more)` : ''}`
  })
  if (noted.length > NOTE_VARIANTS) lines.push(`- … ${plural(noted.length - NOTE_VARIANTS, 'more variant')} with notes (in the JSON report)`)
  return ['', 'Metric notes:', '', ...lines]
}

function execution(e: ExecutionRecord): string {
  return `Runs: ${runCounts(e)}${e.reused ? ' (the same runs as an earlier assertion in this file; counted once in the totals)' : ''}`
}

const VERDICTS = { stable: '✅ stable', unstable: '❌ unstable', inconclusive: '⚠️ inconclusive', vacuous: '∅ vacuous' } as const

function stability(r: StabilityRecord): string[] {
  const out = [
    `${r.reported ? 'Reported with `report()` (a measurement: fails no test; adjusted with the other reported measurements, not the invariants) · ' : ''}Pipeline ${code(r.pipeline)} · stage ${code(r.stage)} · metric ${code(r.metric.name)} (${r.metric.describe}) · under ${r.perturbations.map(code).join(' + ')} · ${r.repeats} repeat${r.repeats === 1 ? '' : 's'}${r.negated ? ' · negated (`.not`: expects unstable)' : ''}`,
    '',
    `**${VERDICTS[r.suite?.outcome ?? r.outcome]}**${r.suite && r.suite.outcome !== r.outcome ? ` (${r.outcome} alone)` : ''} · ${stabilityFigures(r)}`,
    '',
    `Tolerance: excess drift beyond the pipeline's own noise ≤ ${num(r.tolerance)} · α ${num(r.alpha)} (one-sided, Holm across variants) · inconclusive ${r.onInconclusive === 'pass' ? 'passes' : 'fails'}${r.looks ? ` · sequential looks ${r.looks.map((l) => `${l.repeats}: ${l.outcome}`).join(' → ')}` : ''}`,
    '',
    execution(r.execution),
    '',
    ...table(
      ['variant', 'drift per repeat', 'mean', 'reference', 'excess (bounds)', 'p (Holm)', 'test', 'verdict'],
      r.variants.map((v) => [
        v.label, numbers(v.values), num(v.mean), v.reference, effectBounds(v.effect), `${pValue(v.pValue)} (${pValue(v.adjustedPValue)})`, v.method, VERDICTS[v.outcome],
      ]),
    ),
    ...variantNotes(r),
    '',
    r.noiseFloor.measured
      ? `Noise floor (base vs base, ${plural(r.noiseFloor.n, 'disjoint pair')}): mean ${num(r.noiseFloor.mean)}`
      : 'Noise floor: not measured (1 repeat)',
  ]
  const changed = [...new Set(r.variants.flatMap((v) => v.changed))].slice(0, 10)
  if (changed.length > 0) out.push('', `Top changed: ${changed.map(code).join(', ')}`)
  if (r.ripple.length > 0) {
    // Where a passing invariant's drift rose above noise informs; the warning sign is kept for failures.
    const warn = outcome(r) === 'failed' ? '⚠️ ' : ''
    out.push('', r.firstExceeding ? `Ripple across stages (drift first exceeds its noise floor at ${code(r.firstExceeding)}):` : 'Ripple across stages (no stage drifts beyond its noise floor):', '')
    out.push(...table(['stage', 'metric', 'largest mean drift', 'noise floor (upper)', 'beyond noise'], r.ripple.map((s) => [
      s.stage === r.stage ? `**${s.stage}**` : s.stage, s.metric, s.error ? 'n/a' : num(s.drift), s.error ? 'n/a' : `${num(s.noise)} (${num(s.noiseUpper)})`,
      s.error ? `not compared: ${s.error.split('\n')[0]}` : s.exceeds ? (s.stage === r.firstExceeding ? `${warn}first` : `${warn}yes`) : 'no',
    ])))
  }
  for (const note of r.notes) out.push('', `> ${note}`)
  return out
}

function baseline(r: BaselineRecord): string[] {
  return [
    `Baseline ${code(r.file)} · pipeline ${code(r.pipeline)} · ${r.repeats} sample${r.repeats === 1 ? '' : 's'} · **${r.status}**${r.negated ? ' · negated (`.not`)' : ''}`,
    '',
    execution(r.execution),
    '',
    ...table(['stage', 'status', 'metric', 'observed vs tolerance', 'drift mean (CI)', 'noise floor', 'changed'], r.stages.map((s) => [
      s.stage, s.status, s.metric.name, s.status === 'new' ? `new (tolerance ${num(s.tolerance)})` : `${s.statistic} ${versus(s.observed, s.tolerance, s.status === 'within')}`,
      s.drift ? `${num(s.drift.mean)} ${interval(s.drift.ci)}` : 'n/a', s.noiseFloor ? `${num(s.noiseFloor.mean)} ${interval(s.noiseFloor.ci)}` : 'n/a',
      s.changed.slice(0, 5).join(', ') + (s.note ? `${s.changed.length > 0 ? '; ' : ''}${s.note}` : ''),
    ])),
    ...attribution(r),
  ]
}

const ATTRIBUTED = { source: '🎯 source', 'passed-on': '↪ passed on', within: 'within', 'not-attributable': 'not attributable' } as const

// Each drifted stage's current code on the baseline's inputs: where the change lives, and who only passed it on.
function attribution(r: BaselineRecord): string[] {
  if (!r.attribution || r.attribution.length === 0) return []
  const origin = r.attribution.find((a) => a.status === 'source')
  return [
    '',
    origin ? `Attribution: the change lives in ${code(origin.stage)}${r.attribution.some((a) => a.status === 'passed-on') ? `; passed on by ${r.attribution.filter((a) => a.status === 'passed-on').map((a) => code(a.stage)).join(', ')}` : ''}.` : 'Attribution: no stage\'s own change is beyond tolerance.',
    '',
    ...table(['stage', 'own drift (baseline inputs)', 'total drift (this run)', 'tolerance', 'role'], r.attribution.map((a) => [
      a.stage, a.own === undefined ? 'n/a' : num(a.own), a.total === undefined ? 'n/a' : num(a.total), a.tolerance === undefined ? 'n/a' : num(a.tolerance),
      a.status === 'not-attributable' ? `not attributable: ${a.reason ?? ''}` : ATTRIBUTED[a.status],
    ])),
  ]
}

const LATENCY_VERDICTS = { within: '✅ within', inconclusive: '⚠️ inconclusive', regressed: '❌ regressed', written: '🆕 written', updated: '✏️ updated' } as const

function latency(r: LatencyRecord): string[] {
  const note = machineNote(r)
  return [
    `Latency ${code(r.file)} · pipeline ${code(r.pipeline)} · stage ${code(r.stage)}${r.negated ? ' · negated (`.not`)' : ''}`,
    '',
    ...table(
      [r.statistic, 'baseline', `ratio (${percent(r.confidence)} CI) vs limit`, 'verdict'],
      [[ms(r.current), ms(r.baseline), latencyVersus(r), `${LATENCY_VERDICTS[r.status]}${r.reason ? ` (${r.reason})` : ''}`]],
    ),
    '',
    note ? `> ⚠️ Machine: ${text(note)}; the ratio compares machines too.` : `Machine: ${text(r.machine.current)}`,
  ]
}

function run(r: RunRecord): string[] {
  return [
    `Reported with \`report()\` (a measurement: fails no test) · run of ${code(r.pipeline)} · sample ${r.sample} · seed ${r.seed} · **${r.status}** · ${num(r.durationMs)} ms`,
    '',
    execution(r.execution),
    '',
    ...table(['stage', 'status', 'output hash', 'model calls', 'note'], r.stages.map((s) => [s.stage, s.status, s.hash ? code(s.hash.slice(0, 12)) : '', String(s.modelCalls), s.note ? text(s.note.split('\n')[0]!) : ''])),
  ]
}

function error(r: ErrorRecord): string[] {
  return [`${code(r.matcher)} could not measure${r.pipeline ? ` pipeline ${code(r.pipeline)}` : ''}:`, '', '```', r.message, '```']
}

function record(r: InvariantRecord): string[] {
  return r.kind === 'stability' ? stability(r) : r.kind === 'baseline' ? baseline(r) : r.kind === 'latency' ? latency(r) : r.kind === 'run' ? run(r) : error(r)
}

const ICONS = { passed: '✅', failed: '❌', 'expected-failure': '⚠️', error: '💥', skipped: '⏭️' } as const

/** A test's section; `look`: a passing test with an inconclusive or vacuous result gets the warning sign. */
function test(t: ReportTest, look = false): string[] {
  const result = testOutcome(t)
  if (result === 'skipped') return [`### ${ICONS.skipped} ${testTitle(t)}`, '', 'Skipped.', '']
  const out = [`### ${look && result === 'passed' ? '⚠️' : ICONS[result]} ${testTitle(t)}`, '']
  if (result === 'expected-failure') out.push('Expected failure (declared with `.fails`): a known instability, kept visible.', '')
  if (result === 'error') {
    out.push('Error in a `.fails` test: an assertion could not measure or decided nothing (inconclusive, vacuous), so this is **not** a caught instability (Vitest passes a `.fails` test whatever it throws).', '')
  }
  for (const r of t.records) out.push(...record(r), '')
  return out
}

function section(t: ReportTest): MarkdownSection {
  const result = testOutcome(t)
  const look = t.records.some((r) => invariantOutcome(r).rank === 1)
  // A known instability (a .fails test that caught its instability) passes: reviewed, collapsed with the passing tests.
  const rank = result === 'failed' || result === 'error' ? 0 : look ? 1 : 2
  const lines = t.records.map((r) => text(headline(r)))
  return {
    rank,
    ...(result === 'expected-failure' ? { known: true } : {}),
    full: test(t, look).join('\n'),
    line: `- ${ICONS[result]} ${text(testTitle(t))}${lines.length === 1 ? `: ${lines[0]}` : lines.map((l) => `\n  - ${l}`).join('')}`,
  }
}

/**
 * The Markdown report: a summary line, then per test a table per assertion
 * (per variant: drift, CI, max, beyond-noise drift, verdict) and the ripple
 * per stage; failing and inconclusive tests first, passing ones collapsed
 * (one line each in the compact style, cut to 60,000 characters). Fit for a
 * PR comment or `$GITHUB_STEP_SUMMARY`.
 *
 * @example
 * writeFileSync('butterfly-report.md', renderMarkdown(buildReport(tests), { fullReport: ['butterfly-report.html'] }))
 */
export function renderMarkdown(report: ButterflyReport, options: MarkdownOptions = {}): string {
  const s = report.summary
  const b = Object.entries(s.baselines).filter(([, n]) => n > 0).map(([k, n]) => `${n} ${k}`)
  const counts = [`${s.passed} passed`, `${s.failed} failed`]
  if (s.expectedFailures > 0) counts.push(plural(s.expectedFailures, 'expected failure'))
  if (s.errors > 0) counts.push(`${plural(s.errors, 'error')} in \`.fails\` tests`)
  const facts = [`**${plural(s.tests, 'test')}: ${counts.join(', ')}**`, assertionCount(report.tests, 'assertion')]
  if (b.length > 0) facts.push(`baselines: ${b.join(', ')}`)
  const l = Object.entries(s.latency).filter(([, n]) => n > 0).map(([k, n]) => `${n} ${k}`)
  if (l.length > 0) facts.push(`latency: ${l.join(', ')}`)
  if (s.obsolete > 0) facts.push(plural(s.obsolete, 'obsolete baseline'))
  if (s.execution.runs > 0) facts.push(runCounts(s.execution))
  const head = ['## 🦋 Butterfly report', '', facts.join(' · '), '']
  if (report.filtered) head.push(`> A filtered run (${filterText(report.filtered)}): this report covers only the tests that ran, not the whole suite.`, '')
  const family = familyLine(s.multipleComparisons)
  if (family) {
    head.push(`Suite-wide error control: ${family}; the verdicts below are the adjusted ones (raw and adjusted p-values shown).`, '')
    if (s.multipleComparisons.failures.length > 0) {
      head.push('Failed by the suite-wide verdict (Vitest passed them in the worker; the run fails):', '', ...s.multipleComparisons.failures.map((f) => `- ${code(f)}`), '')
    }
  }
  head.push('')
  const tail: string[] = []
  if (report.obsolete.length > 0) {
    tail.push('### Obsolete baselines', '', 'No test checks these files any more; `vitest -u` removes them.', '')
    for (const file of report.obsolete) tail.push(`- ${code(file)}`)
    tail.push('')
  }
  if (report.removed.length > 0) {
    tail.push('### Removed obsolete baselines', '', '`vitest -u` removed these files, which no test checks any more.', '')
    for (const file of report.removed) tail.push(`- ${code(file)}`)
    tail.push('')
  }
  return fitMarkdown(head.join('\n'), report.tests.map(section), tail.join('\n'), options)
}
