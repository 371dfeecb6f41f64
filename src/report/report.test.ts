import { describe, expect, it } from 'vitest'
import { renderConsoleSummary } from './console.ts'
import { num, numbers, plural } from './format.ts'
import { renderJson } from './json.ts'
import { renderMarkdown } from './markdown.ts'
import { buildReport, testOutcome } from './model.ts'
import type { ReportTest } from './model.ts'
import type { BaselineRecord, ErrorRecord, LatencyRecord, StabilityRecord } from './record.ts'
import { stabilityMessage } from './stability-message.ts'
import { exampleStability } from './example-records.ts'

const stability = (over: Partial<StabilityRecord> = {}): StabilityRecord => exampleStability(over)

const baseline: BaselineRecord = {
  kind: 'baseline', pipeline: 'p', file: 'a.spec.ts/facts.json', status: 'written', written: true, pass: true, negated: false, repeats: 1,
  stages: [{ stage: 'facts', status: 'new', tolerance: 0.02, statistic: 'max', observed: null, metric: { name: 'jsonDiff', describe: 'd' }, drift: null, noiseFloor: null, changed: [] }],
  execution: { runs: 1, executed: 1, cached: 2, failed: 1, skipped: 1, modelCalls: 1 },
}

const tests: ReportTest[] = [
  { file: 'specs/b.spec.ts', name: ['group', 'unstable | piped'], state: 'failed', records: [stability()] },
  { file: 'specs/a.spec.ts', name: ['baseline'], state: 'passed', records: [baseline] },
  { file: 'specs/a.spec.ts', name: ['stable'], state: 'passed', records: [stability({ pass: true, outcome: 'stable', pValue: 1 })] },
]

describe('buildReport', () => {
  it('orders tests by file, keeping definition order within a file, and counts', () => {
    const report = buildReport(tests, ['snapshots/gone.spec.ts/x.json'])
    expect(report.tests.map((t) => t.name.at(-1))).toEqual(['baseline', 'stable', 'unstable | piped'])
    expect(report.summary).toEqual({
      tests: 3, passed: 2, failed: 1, expectedFailures: 0, errors: 0, assertions: 3, obsolete: 1,
      baselines: { matched: 0, written: 1, updated: 0, drifted: 0, missing: 0 },
      latency: { within: 0, inconclusive: 0, regressed: 0, written: 0, updated: 0 },
      execution: { runs: 19, executed: 7, cached: 50, failed: 1, skipped: 1, modelCalls: 13 },
      // Without the plugin's option, buildReport judges each invariant alone; the failed test is Vitest's, not the family's.
      multipleComparisons: { method: 'none', family: 2, unstableRaw: 1, unstable: 1, failures: [] },
    })
  })

  it('totals what the runs did, counting runs a later record reused (a shared sweep) once', () => {
    const warm = { runs: 9, executed: 0, cached: 27, failed: 0, skipped: 0, modelCalls: 0 }
    const report = buildReport([
      { file: 'f', name: ['first'], state: 'passed', records: [stability({ pass: true, execution: warm })] },
      { file: 'f', name: ['same sweep, other stage'], state: 'passed', records: [stability({ pass: true, execution: { ...warm, reused: true } })] },
      { file: 'f', name: ['broken'], state: 'failed', records: [{ kind: 'error', matcher: 'toBeStableUnder', message: 'm' }] },
    ])
    expect(report.summary.execution).toEqual(warm)
    const md = renderMarkdown(report, { style: 'full' })
    expect(md).toContain('** · 3 assertions · 9 runs · stages: 0 executed, 27 cached · 0 model calls\n')
    expect(md).toContain('\nRuns: 9 runs · stages: 0 executed, 27 cached · 0 model calls\n')
    expect(md).toContain('\nRuns: 9 runs · stages: 0 executed, 27 cached · 0 model calls (the same runs as an earlier assertion in this file; counted once in the totals)\n')
    expect(renderConsoleSummary(report)).toContain('  Runs        9 runs · stages: 0 executed, 27 cached · 0 model calls')
  })

  it('counts a negated assertion whose claim failed as passed', () => {
    const report = buildReport([{ file: 'f', name: ['n'], state: 'passed', records: [stability({ negated: true })] }])
    expect(report.summary).toMatchObject({ passed: 1, failed: 0 })
  })

  it('keeps a failed assertion in a .fails test apart: an expected failure, not a pass', () => {
    const report = buildReport([{ file: 'f', name: ['known'], state: 'passed', expectedFailure: true, records: [stability()] }])
    expect(report.summary).toMatchObject({ passed: 0, failed: 0, expectedFailures: 1 })
    expect(renderMarkdown(report, { style: 'full' })).toContain('### ⚠️ f > known')
    // Compact: a caught, declared instability is listed with the passing tests, flagged.
    expect(renderMarkdown(report)).toContain('<details><summary>✅ 1 passing test, 1 of them known instabilities (`.fails`)</summary>\n\n- ⚠️ f > known: ')
    expect(renderMarkdown(report)).toContain('**1 test: 0 passed, 0 failed, 1 expected failure**')
    expect(renderConsoleSummary(report)).toContain('f > known (expected failure, .fails)')
  })

  it('reports a .fails test whose assertion could not measure as an error, not as a caught instability', () => {
    const missing: ErrorRecord = { kind: 'error', matcher: 'toBeStableUnder', pipeline: 'p', message: '[butterfly] [sweep] pipeline "p" has no stage "nope"\nstages: a, b' }
    const report = buildReport([
      { file: 'f', name: ['broken'], state: 'passed', expectedFailure: true, records: [missing] },
      { file: 'f', name: ['caught'], state: 'passed', expectedFailure: true, records: [stability()] },
      // An error next to a failed claim still means part of the test measured nothing.
      { file: 'f', name: ['both'], state: 'passed', expectedFailure: true, records: [stability(), { ...missing, matcher: 'toMatchBaseline' }] },
    ])
    expect(report.tests.map(testOutcome)).toEqual(['error', 'expected-failure', 'error'])
    expect(report.summary).toMatchObject({ passed: 0, failed: 0, expectedFailures: 1, errors: 2 })
    const md = renderMarkdown(report)
    expect(md).toContain('**3 tests: 0 passed, 0 failed, 1 expected failure, 2 errors in `.fails` tests**')
    expect(md).toContain('### 💥 f > broken\n\nError in a `.fails` test: an assertion could not measure or decided nothing (inconclusive, vacuous), so this is **not** a caught instability')
    expect(md).toContain('- ⚠️ f > caught: ')
    expect(md.indexOf('### 💥 f > broken')).toBeLessThan(md.indexOf('- ⚠️ f > caught'))
    const text = renderConsoleSummary(report)
    expect(text).toContain('f > broken (error in a .fails test: not a caught instability)')
    expect(text).toContain('    ✗ error: [butterfly] [sweep] pipeline "p" has no stage "nope"\n')
    expect(text).toContain('Invariants  2 errors in .fails tests, 1 expected failure, 0 passed (3)')
  })

  it('counts a .fails test whose stability check failed undecided (inconclusive, onInconclusive: fail) as an error, not as caught', () => {
    const report = buildReport([{ file: 'f', name: ['undecided'], state: 'passed', expectedFailure: true, records: [stability({ outcome: 'inconclusive', onInconclusive: 'fail', pass: false })] }])
    expect(report.tests.map(testOutcome)).toEqual(['error'])
    expect(report.summary).toMatchObject({ expectedFailures: 0, errors: 1 })
  })

  it('counts a .fails test whose claims all held as passed (something else threw), not as caught', () => {
    const report = buildReport([{ file: 'f', name: ['held'], state: 'passed', expectedFailure: true, records: [stability({ pass: true, outcome: 'stable', pValue: 1 })] }])
    expect(report.summary).toMatchObject({ passed: 1, expectedFailures: 0, errors: 0 })
  })

  it('is independent of the order the tests arrive in (shards)', () => {
    const a = buildReport([tests[0]!, tests[1]!, tests[2]!])
    const b = buildReport([tests[1]!, tests[2]!, tests[0]!])
    expect(renderJson(a)).toBe(renderJson(b))
  })
})

describe('renderers', () => {
  const report = buildReport(tests, ['snapshots/gone.spec.ts/x.json'])

  it('Markdown: summary, a table per assertion, the ripple per stage, escaped cells', () => {
    const md = renderMarkdown(report, { style: 'full' })
    expect(md).toContain('**3 tests: 2 passed, 1 failed** · 3 assertions · baselines: 1 written · 1 obsolete baseline · 19 runs · stages: 7 executed, 50 cached, 1 failed, 1 skipped · 13 model calls')
    expect(md).toContain('**written**\n\nRuns: 1 run · stages: 1 executed, 2 cached, 1 failed, 1 skipped · 1 model call\n')
    expect(md).toContain('### ❌ specs/b.spec.ts > group > unstable | piped')
    expect(md).toContain('| t 0.9 → 0.95 | 1, 0, 1 | 0.667 | independent-streams | 1 [0.52, 1] (90% bounds) | p = 0.031 (p = 0.031) | exact one-sided McNemar test | ❌ unstable |')
    expect(md).toContain('**❌ unstable** · excess drift 1 [0.52, 1] (90% bounds) vs tolerance 0 · p = 0.031 · α 0.05 · reference independent-streams · 3 repeats')
    expect(md).toContain('Noise floor (base vs base, 1 disjoint pair): mean 0')
    expect(md).toContain('| score | numeric | 0.2 | 0.01 (0.02) | ⚠️ first |')
    expect(md).toContain('| **select** | top1 | 0.667 | 0.333 (1) | no |')
    expect(md).toContain('| facts | new | jsonDiff | new (tolerance 0.02) | n/a | n/a |  |')
    expect(md).toContain('- `snapshots/gone.spec.ts/x.json`')
    expect(md.endsWith('\n')).toBe(true)
    const piped = stability({ variants: [{ ...stability().variants[0]!, label: 'prompt a|b' }] })
    expect(renderMarkdown(buildReport([{ file: 'f', name: ['n'], state: 'failed', records: [piped] }]))).toContain('| prompt a\\|b | 1, 0, 1 |')
  })

  it('Markdown: at most 10 drift values per row with the count, the JSON keeps all; 1 pair in the singular', () => {
    const values = Array.from({ length: 264 }, (_, i) => i % 2)
    const many = stability({
      variants: [{ ...stability().variants[0]!, values }],
      noiseFloor: { values: [0], mean: 0, ci: [0, 0], n: 1, measured: true },
    })
    const report = buildReport([{ file: 'f', name: ['n'], state: 'failed', records: [many] }])
    const md = renderMarkdown(report)
    expect(md).toContain('| t 0.9 → 0.95 | 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, … (264 values) | 0.667 |')
    expect(md).toContain('Noise floor (base vs base, 1 disjoint pair): mean 0')
    expect((JSON.parse(renderJson(report)) as typeof report).tests[0]!.records[0]).toMatchObject({ variants: [{ values }] })
    expect(stabilityMessage(many)).toContain('base vs base over 1 disjoint pair: mean 0')
    expect(stabilityMessage(many)).toContain('drift per repeat [0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, … (264 values)]')
  })

  it('Markdown: the metric notes per variant, deduplicated, a few lines at most', () => {
    const variant = stability().variants[0]!
    const noted = stability({
      variants: [
        { ...variant, notes: ['largest move: Meta-Llama-3-70B 4 -> 23 (19 places)', 'winner a -> b', 'winner a -> b'] },
        { ...variant, id: 'v2', label: 'second', notes: ['winner <none> -> *c*', 'n2', 'n3', 'n4', 'n5'] },
        { ...variant, id: 'v3', label: 'quiet', notes: [] },
        ...['v4', 'v5', 'v6', 'v7', 'v8'].map((id) => ({ ...variant, id, label: id, notes: [`note of ${id}`] })),
      ],
    })
    const md = renderMarkdown(buildReport([{ file: 'f', name: ['n'], state: 'failed', records: [noted] }]))
    const lines = md.slice(md.indexOf('Metric notes:')).split('\n').slice(2, 9)
    expect(lines).toEqual([
      '- `t 0.9 → 0.95`: largest move: Meta-Llama-3-70B 4 -> 23 (19 places) · winner a -> b',
      '- `second`: winner \\<none> -> \\*c\\* · n2 · n3 (+2 more)',
      '- `v4`: note of v4',
      '- `v5`: note of v5',
      '- `v6`: note of v6',
      '- … 2 more variants with notes (in the JSON report)',
      '',
    ])
    expect(renderMarkdown(buildReport(tests))).toContain('Metric notes:\n\n- `t 0.9 → 0.95`: winner a -> b\n')
  })

  it('console: one line per assertion with the outcome, excess drift, p-value, α, reference and repeats', () => {
    const text = renderConsoleSummary(report)
    expect(text).toContain(' butterfly 3 assertions in 3 tests')
    expect(text).toContain('    ✗ select · top1 · UNSTABLE: excess drift 1 [0.52, 1] (90% bounds) vs tolerance 0 · p = 0.031 · α 0.05 · reference independent-streams · 3 repeats')
    const undecided = buildReport([
      { file: 'f', name: ['i'], state: 'passed', records: [stability({ outcome: 'inconclusive', pass: true, pValue: 0.4 })] },
      { file: 'f', name: ['v'], state: 'passed', records: [stability({ outcome: 'vacuous', pass: true, pValue: 1 })] },
    ])
    expect(renderConsoleSummary(undecided)).toContain('    ? select · top1 · inconclusive: excess drift')
    expect(renderConsoleSummary(undecided)).toContain('    ∅ select · top1 · vacuous: excess drift')
    expect(renderMarkdown(undecided)).toContain('**∅ vacuous** · ')
    expect(text).toContain('    ✓ baseline a.spec.ts/facts.json written · facts new')
    expect(text).toContain('Invariants  1 failed, 2 passed (3)')
    expect(text).toContain('Obsolete    1 baseline file no test checks any more')
  })

  it('JSON: round-trips to the same report', () => {
    expect(JSON.parse(renderJson(report))).toEqual(report)
  })

  it('failure message: outcome, p-value, bounds, α, reference, repeats; per variant the test and drift; ripple from the first exceeding stage', () => {
    const text = stabilityMessage(stability())
    expect(text).toContain('expected pipeline "p" under jitter(t, ±0.05) at stage "select" to be stable, but it is UNSTABLE: the excess drift is significantly above the tolerance')
    expect(text).toContain('verdict    UNSTABLE: excess drift 1 [0.52, 1] (90% bounds) vs tolerance 0 · p = 0.031 · α 0.05 · reference independent-streams · 3 repeats')
    expect(text).toContain('✗ t 0.9 → 0.95: UNSTABLE · excess 1 [0.52, 1] (90% bounds) · p = 0.031 (Holm = 0.031) · n 1')
    expect(text).toContain('drift per repeat [1, 0, 1] · mean 0.667 · max 1 · per block: against base [1], base vs base [0]')
    expect(text).toContain('noise floor  base vs base over 1 disjoint pair: mean 0, values [0]')
    expect(text).toContain('drift first exceeded the noise floor at "score"')
    expect(text).toMatch(/score\s+numeric\s+drift 0\.2\s+noise 0\.01 \(≤ 0\.02\)\s+\+0\.18 beyond noise\s+← first exceeds its noise floor/)
    expect(text).toContain('top changed: winner')
  })
})

describe('latency records', () => {
  const regressed: LatencyRecord = {
    kind: 'latency', pipeline: 'p', stage: 'extract', file: 'a.spec.ts/fast~2.latency', status: 'regressed', written: false, pass: false, negated: false,
    statistic: 'median', confidence: 0.95, limit: 1.2, ratio: 2, ci: [1.9, 2.1], current: 20, baseline: 10, machine: { current: 'A x2, Node v20', baseline: 'B x8, Node v22' },
  }
  const written: LatencyRecord = {
    ...regressed, file: 'a.spec.ts/fast.latency', status: 'written', written: true, pass: true, ratio: null, ci: null, current: 12.5, baseline: null,
    machine: { current: 'A x2, Node v20', baseline: null },
  }
  const report = buildReport([
    { file: 'specs/a.spec.ts', name: ['fast'], state: 'failed', records: [written, regressed] },
    { file: 'specs/b.spec.ts', name: ['also'], state: 'passed', records: [stability({ pass: true, outcome: 'stable', pValue: 1 })] },
  ])

  it('are counted by status, fail the test when regressed, and add no runs', () => {
    expect(report.summary).toMatchObject({
      tests: 2, passed: 1, failed: 1, assertions: 3,
      latency: { within: 0, inconclusive: 0, regressed: 1, written: 1, updated: 0 },
      execution: { runs: 9, executed: 3, cached: 24 },
    })
    expect(testOutcome(report.tests[0]!)).toBe('failed')
    expect(testOutcome({ file: 'f', name: ['n'], state: 'passed', records: [{ ...regressed, negated: true }] })).toBe('passed')
  })

  it('console: one line per check with the ratio against the limit, and the counts', () => {
    const text = renderConsoleSummary(report)
    expect(text).toContain('    ✓ latency extract · a.spec.ts/fast.latency written · median 12.5 ms\n')
    expect(text).toContain('    ✗ latency extract · a.spec.ts/fast~2.latency regressed · median 20 ms vs 10 ms · ratio 2 [1.9, 2.1] > 1.2 · measured on a different machine than the baseline (now: A x2, Node v20; baseline: B x8, Node v22)')
    expect(text).toContain('  Latency     1 regressed, 1 written')
  })

  it('Markdown: the totals and a table row per check, warning about a different machine', () => {
    const md = renderMarkdown(report)
    expect(md).toContain('· 3 assertions · latency: 1 regressed, 1 written ·')
    expect(md).toContain('Latency `a.spec.ts/fast~2.latency` · pipeline `p` · stage `extract`\n')
    expect(md).toContain('| median | baseline | ratio (95% CI) vs limit | verdict |')
    expect(md).toContain('| 20 ms | 10 ms | 2 [1.9, 2.1] > 1.2 | ❌ regressed |')
    expect(md).toContain('| 12.5 ms | n/a | n/a (limit 1.2) | 🆕 written |')
    expect(md).toContain('> ⚠️ Machine: measured on a different machine than the baseline (now: A x2, Node v20; baseline: B x8, Node v22); the ratio compares machines too.')
    expect(md).toContain('Machine: A x2, Node v20\n')
  })

  it('JSON: keeps every field and round-trips; test order does not matter (shards)', () => {
    const json = JSON.parse(renderJson(report)) as typeof report
    expect(json).toEqual(report)
    expect(json.tests[0]!.records[1]).toEqual(regressed)
    expect(renderJson(buildReport([...report.tests].reverse()))).toBe(renderJson(report))
  })
})

describe('num, numbers, plural', () => {
  it('prints integers as they are, others to 3 significant digits, and n/a for nothing', () => {
    expect([num(0), num(1), num(2 / 3), num(0.02), num(1e-5), num(null)]).toEqual(['0', '1', '0.667', '0.02', '1.00e-5', 'n/a'])
  })

  it('lists up to max values, then the count', () => {
    expect(numbers([1, 2, 3], 3)).toBe('1, 2, 3')
    expect(numbers([1, 2, 3, 4], 3)).toBe('1, 2, 3, … (4 values)')
    expect(numbers([])).toBe('')
  })

  it('uses the singular for one', () => {
    expect([plural(0, 'pair'), plural(1, 'pair'), plural(2, 'pair'), plural(1, 'entry', 'entries'), plural(3, 'entry', 'entries')])
      .toEqual(['0 pairs', '1 pair', '2 pairs', '1 entry', '3 entries'])
  })

  it('failure message of sequential repeats: each look with its efficacy and futility levels, and what stable meant', () => {
    const text = stabilityMessage(stability({ outcome: 'stable', pass: true, pValue: 1, looks: [{ repeats: 10, alpha: 0.0177, beta: 0.0707, outcome: 'inconclusive' }, { repeats: 16, alpha: 0.0102, beta: 0.0491, outcome: 'stable' }] }))
    expect(text).toContain('looks      10 repeats (α 0.0177, β 0.0707) inconclusive → 16 repeats (α 0.0102, β 0.0491) stable')
    expect(text).toContain("stable when the upper bound ≤ tolerance; (sequential) stops early, inconclusive, when the upper bound at the look's futility level β is below tolerance + minEffect")
    expect(stabilityMessage(stability())).not.toContain('futility')
  })
})
