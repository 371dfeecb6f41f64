import { rippleChart } from './chart-ripple.ts'
import { variantsChart } from './chart-variants.ts'
import { chartFigures, invariantOutcome } from './figures.ts'
import type { InvariantOutcome } from './figures.ts'
import { assertionCount, effectBounds, headline, interval, latencyVersus, ms, num, plural, pValue } from './format.ts'
import { SORT_SCRIPT, STYLE } from './html-assets.ts'
import type { ButterflyReport, ReportTest } from './model.ts'
import { testOutcome, testTitle } from './model.ts'
import type { BaselineRecord, InvariantRecord, LatencyRecord, RunRecord, StabilityRecord } from './record.ts'
import { escapeHtml as h } from './svg.ts'

const badge = (o: InvariantOutcome): string => `<span class="badge r${o.rank}">${h(o.word)}</span>`

/**
 * The outcome as this page labels it: a negated assertion that held, a
 * `report()` measurement and a claim failing in a `.fails` test (a known
 * instability, kept visible) are told apart from the failures.
 */
function shown(t: ReportTest, r: InvariantRecord): InvariantOutcome {
  const o = invariantOutcome(r)
  if (r.kind === 'error') return o
  if ((r.kind === 'stability' || r.kind === 'run') && r.reported) return { word: `${o.word} (reported)`, rank: o.rank }
  if (t.expectedFailure && o.rank === 0 && testOutcome(t) === 'expected-failure') return { word: `${o.word} (known, .fails)`, rank: 1 }
  if (r.negated) return { word: `${o.word} (.not)`, rank: o.rank }
  return o
}
// A longer overview starts collapsed, so the charts come first.
const OPEN_OVERVIEW = 12
const code = (s: string): string => `<code>${h(s)}</code>`

function table(head: string[], rows: string[][], sortable: boolean): string {
  const th = head.map((c) => `<th>${h(c)}</th>`).join('')
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('')
  return `<table${sortable ? ' class="sortable"' : ''}><thead><tr>${th}</tr></thead><tbody>${body}</tbody></table>`
}

/** Changed items of every variant and the metric's notes (rank moves, winners), one row each. */
function changedTable(r: StabilityRecord): string {
  const rows: string[][] = []
  for (const v of r.variants) {
    v.changed.forEach((item, i) => rows.push([code(item), 'changed', h(v.label), `<span data-sort="${i + 1}">${i + 1}</span>`]))
    v.notes.forEach((note, i) => rows.push([h(note), 'note', h(v.label), `<span data-sort="${i + 1}">${i + 1}</span>`]))
  }
  if (rows.length === 0) return '<p class="meta">No changed items.</p>'
  return table(['item', 'kind', 'variant', 'order (most frequent first)'], rows, true)
}

function stability(r: StabilityRecord, id: string): string {
  const f = chartFigures(r)
  const facts = [
    `pipeline ${code(r.pipeline)}`, `stage ${code(r.stage)}`, `metric ${code(r.metric.name)} (${h(r.metric.describe)})`,
    `under ${r.perturbations.map(code).join(' + ')}`, plural(r.repeats, 'repeat'),
    `excess drift ${h(effectBounds(r.effect))}`, `${pValue(r.pValue)} · α ${num(r.alpha)} (one-sided, Holm across variants)`,
    ...(r.suite ? [`suite-wide ${r.suite.method}: adjusted ${pValue(r.suite.adjustedPValue)} over ${r.suite.scope === 'reported' ? plural(r.suite.family, 'reported measurement') : plural(r.suite.family, 'invariant')}`] : []), `reference ${h(r.reference)}`,
    ...(r.reported ? ['reported with <code>report()</code>: fails no test'] : []),
    ...(r.negated ? ['negated (<code>.not</code>)'] : []),
  ]
  const noise = f.noise ? `noise floor ${num(f.noise.mean)} ${interval([f.noise.lower, f.noise.upper])}` : 'noise floor not measured (1 repeat)'
  const charts = [variantsChart(f, `Drift per variant of ${r.stage} against tolerance ${num(f.tolerance)} and the noise floor`)]
  if (r.ripple.length > 0) charts.push(rippleChart(r.ripple, r.firstExceeding, `Ripple across the stages of ${r.pipeline}`))
  const ripple = r.ripple.length === 0 ? '' : `<p class="meta">${r.firstExceeding ? `Drift first exceeds its noise floor at ${code(r.firstExceeding)}.` : 'No stage drifts beyond its noise floor.'}</p>`
  const notes = r.notes.length === 0 ? '' : `<ul class="meta">${r.notes.map((n) => `<li>${h(n)}</li>`).join('')}</ul>`
  return `<div class="meta">${facts.join(' · ')} · tolerance ${num(f.tolerance)} · ${noise}</div>
<div class="charts" data-charts="${id}">${charts.join('')}</div>${ripple}
<details${f.variants.some((v) => v.failed) ? ' open' : ''}><summary>Changed items</summary>${changedTable(r)}</details>${notes}`
}

function baseline(r: BaselineRecord): string {
  const rows = r.stages.map((s) => [
    code(s.stage), h(s.status), h(s.metric.name),
    s.status === 'new' ? `new (tolerance ${num(s.tolerance)})` : `${h(s.statistic)} ${num(s.observed)} ${s.status === 'within' ? '≤' : '>'} ${num(s.tolerance)}`,
    s.drift ? `<span data-sort="${s.drift.mean}">${num(s.drift.mean)} ${interval(s.drift.ci)}</span>` : 'n/a',
    s.noiseFloor ? `${num(s.noiseFloor.mean)} ${interval(s.noiseFloor.ci)}` : 'n/a',
    [...s.changed.map(code), ...(s.note ? [h(s.note)] : [])].join(', '),
  ])
  return `<div class="meta">baseline ${code(r.file)} · pipeline ${code(r.pipeline)} · ${plural(r.repeats, 'sample')}${r.written ? ' · written in this run' : ''}${r.negated ? ' · negated (<code>.not</code>)' : ''}</div>
${table(['stage', 'status', 'metric', 'observed vs tolerance', 'drift mean (CI)', 'noise floor', 'what changed'], rows, true)}${attribution(r)}`
}

/** Where a baseline drift comes from: per stage its own drift (its code on the baseline's inputs) and its total drift. */
function attribution(r: BaselineRecord): string {
  if (!r.attribution || r.attribution.length === 0) return ''
  const rows = r.attribution.map((a) => [
    code(a.stage), h(a.status), num(a.own), num(a.total), a.tolerance === undefined ? 'n/a' : `${h(a.statistic ?? '')} ≤ ${num(a.tolerance)}`, h(a.reason ?? ''),
  ])
  return `<p class="meta">Where the change lives (own: the stage's code on the baseline's inputs; total: this run):</p>${table(['stage', 'attributed', 'own drift', 'total drift', 'tolerance', 'note'], rows, true)}`
}

function latency(r: LatencyRecord): string {
  return `<div class="meta">latency ${code(r.file)} · pipeline ${code(r.pipeline)} · stage ${code(r.stage)} · ${h(r.machine.current)}</div>
${table([r.statistic, 'baseline', 'ratio (CI) vs limit'], [[ms(r.current), ms(r.baseline), h(latencyVersus(r))]], false)}`
}

function run(r: RunRecord): string {
  const rows = r.stages.map((s) => [code(s.stage), h(s.status), s.hash ? code(s.hash.slice(0, 12)) : '', String(s.modelCalls), h(s.note ?? '')])
  return `<div class="meta">run of ${code(r.pipeline)} · sample ${r.sample} · seed ${r.seed} · ${num(r.durationMs)} ms · reported with <code>report()</code>: fails no test</div>
${table(['stage', 'status', 'output hash', 'model calls', 'note'], rows, true)}`
}

const TITLES = { baseline: 'matches its baseline', latency: 'stays within its latency', run: 'one pipeline run' } as const

function record(t: ReportTest, r: InvariantRecord, id: string): string {
  const o = shown(t, r)
  const body = r.kind === 'stability' ? stability(r, id) : r.kind === 'baseline' ? baseline(r) : r.kind === 'latency' ? latency(r) : r.kind === 'run' ? run(r) : `<pre>${h(r.message)}</pre>`
  const title = r.kind === 'error' ? `${r.matcher} could not measure` : r.kind === 'stability' ? `stable under ${r.perturbations.join(' + ')}` : TITLES[r.kind]
  return `<section class="invariant" id="${id}" data-kind="${r.kind}" data-outcome="${h(o.word)}"><h3>${badge(o)} ${h(title)}</h3>${body}</section>`
}

const rankOf = (t: ReportTest): number => {
  const result = testOutcome(t)
  if (result === 'failed' || result === 'error') return 0
  return Math.min(2, ...t.records.map((r) => Math.max(1, shown(t, r).rank)))
}

function summary(report: ButterflyReport): string {
  const counts = new Map<string, { n: number; rank: number }>()
  for (const t of report.tests) {
    for (const r of t.records) {
      const o = shown(t, r)
      const c = counts.get(o.word) ?? { n: 0, rank: o.rank }
      counts.set(o.word, { n: c.n + 1, rank: Math.min(c.rank, o.rank) })
    }
  }
  const cls = ['bad', 'warn', 'good']
  const cards = [...counts].sort((a, b) => a[1].rank - b[1].rank || b[1].n - a[1].n)
    .map(([word, c]) => `<div class="card ${cls[c.rank]}" data-outcome="${h(word)}"><b>${c.n}</b>${h(word)}</div>`)
  const s = report.summary
  const e = s.execution
  const stages = e.executed + e.cached
  cards.push(
    `<div class="card"><b>${s.failed}/${s.tests}</b>tests failed</div>`,
    `<div class="card"><b>${e.modelCalls}</b>model calls${e.cost !== undefined ? ` · cost ${num(e.cost)}` : ''}</div>`,
    `<div class="card"><b>${stages === 0 ? 'n/a' : `${Math.round((e.cached / stages) * 100)}%`}</b>stage results from cache (${e.cached} of ${stages})</div>`,
  )
  return `<div class="cards">${cards.join('')}</div>`
}

/**
 * The HTML report: one self-contained page (inline CSS, charts rendered to
 * SVG here, one small inline script to sort tables; no network when viewed).
 * A summary of counts by outcome, model calls, cost and cache use; then the
 * tests, failing and inconclusive first, each invariant with its drift per
 * variant against the tolerance and the noise floor, the ripple across
 * stages, and its changed items; baselines with what changed.
 *
 * @example
 * writeFileSync('butterfly-report.html', renderHtml(buildReport(tests)))
 */
export function renderHtml(report: ButterflyReport): string {
  const ordered = report.tests.map((t, i) => ({ t, i, rank: rankOf(t) })).sort((a, b) => a.rank - b.rank || a.i - b.i)
  const overview: string[][] = []
  const articles = ordered.map(({ t, i, rank }) => {
    const records = t.records.map((r, j) => {
      const id = `i${i}-${j}`
      const o = shown(t, r)
      overview.push([`<a href="#${id}">${h(testTitle(t))}</a>`, `<span data-sort="${o.rank}">${badge(o)}</span>`, h(headline(r))])
      return record(t, r, id)
    })
    const result = testOutcome(t)
    const note = result === 'expected-failure' ? '<p class="meta">Expected failure (declared with <code>.fails</code>): a known instability, kept visible.</p>' : ''
    return `<article class="test r${rank}" data-test="${h(testTitle(t))}"><h2>${h(testTitle(t))}</h2>${note}${records.join('')}</article>`
  })
  const obsolete = report.obsolete.length === 0 ? '' : `<h2>Obsolete baselines</h2><p class="meta">No test checks these files any more; <code>vitest -u</code> removes them.</p><ul>${report.obsolete.map((f) => `<li>${code(f)}</li>`).join('')}</ul>`
  const s = report.summary
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Butterfly report</title><style>${STYLE}</style></head>
<body><header><h1>Butterfly report</h1>
<p class="facts">${plural(s.tests, 'test')} · ${assertionCount(report.tests, 'invariant')} · ${s.passed} passed, ${s.failed} failed${s.expectedFailures > 0 ? `, ${plural(s.expectedFailures, 'expected failure')}` : ''} · ${plural(s.execution.runs, 'run')}</p>
${summary(report)}</header>
<main><details${overview.length <= OPEN_OVERVIEW ? ' open' : ''}><summary>All ${plural(overview.length, 'invariant')} (click a column to sort)</summary>${table(['test', 'outcome', 'figures'], overview, true)}</details>
${articles.join('\n')}${obsolete}</main>
<script>${SORT_SCRIPT}</script></body></html>
`
}
