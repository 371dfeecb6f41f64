import type { ChartFigures } from './figures.ts'
import { num } from './format.ts'
import { el, niceMax, scale, svg, text } from './svg.ts'

const WIDTH = 640
const LABEL = 190
const ROW = 26
const TOP = 24
const BOTTOM = 44
const MAX_ROWS = 40

/**
 * Drift per variant as an SVG: per variant the figure compared with the
 * tolerance with its interval (filled dot and whisker; an open bound runs to
 * the edge) and the raw mean drift (hollow dot), against the tolerance line
 * and the noise floor's band (base vs base).
 */
export function variantsChart(f: ChartFigures, title: string): string {
  const rows = f.variants.slice(0, MAX_ROWS)
  const height = TOP + Math.max(1, rows.length) * ROW + BOTTOM
  const values = [f.tolerance, ...(f.noise ? [f.noise.upper] : []), ...rows.flatMap((v) => [v.drift, v.compared.estimate, v.compared.upper ?? 0])]
  const lows = [0, ...rows.map((v) => v.compared.lower ?? 0), ...rows.map((v) => v.compared.estimate)]
  const hi = niceMax(Math.max(...values) * 1.05)
  const lo = Math.min(...lows) < 0 ? -niceMax(-Math.min(...lows) * 1.05) : 0
  const x = scale(lo, hi, LABEL, WIDTH - 16)
  const bottom = TOP + rows.length * ROW
  const parts: string[] = []
  if (f.noise) {
    const x0 = x(Math.max(lo, f.noise.lower))
    parts.push(el('rect', { class: 'noise', x: x0, y: TOP - 6, width: Math.max(2, x(f.noise.upper) - x0), height: bottom - TOP + 6 }))
  }
  for (const t of [lo, lo / 2, 0, hi / 2, hi].filter((v, i, a) => a.indexOf(v) === i && v >= lo)) {
    parts.push(el('line', { class: 'grid', x1: x(t), x2: x(t), y1: TOP - 6, y2: bottom }), text(x(t), bottom + 14, num(t), { class: 'tick', 'text-anchor': 'middle' }))
  }
  rows.forEach((v, i) => {
    const y = TOP + i * ROW + ROW / 2
    const cls = v.failed ? 'bad' : v.word === 'inconclusive' || v.word === 'vacuous' ? 'warn' : 'good'
    const x1 = v.compared.lower === null ? x(lo) : x(v.compared.lower)
    const x2 = v.compared.upper === null ? x(hi) : x(v.compared.upper)
    parts.push(
      text(LABEL - 8, y + 4, v.label.length > 28 ? `${v.label.slice(0, 27)}…` : v.label, { class: 'label', 'text-anchor': 'end' }),
      el('line', { class: `whisker ${cls}`, x1, x2, y1: y, y2: y, 'stroke-dasharray': v.compared.lower === null || v.compared.upper === null ? '4 3' : undefined }),
      el('circle', { class: 'raw', cx: x(v.drift), cy: y, r: 4.5 }),
      el('circle', { class: `dot ${cls}`, cx: x(v.compared.estimate), cy: y, r: 5 }, el('title', {}, `${v.label}: ${v.compared.what} ${num(v.compared.estimate)} [${num(v.compared.lower)}, ${num(v.compared.upper)}] · mean drift ${num(v.drift)} · ${v.word}`)),
    )
  })
  parts.push(
    el('line', { class: 'tolerance', x1: x(f.tolerance), x2: x(f.tolerance), y1: TOP - 10, y2: bottom }),
    text(x(f.tolerance), TOP - 12, `tolerance ${num(f.tolerance)}`, { class: 'tick tolerance-label', 'text-anchor': 'middle' }),
  )
  const legendY = bottom + 32
  const what = rows[0]?.compared.what ?? 'drift'
  parts.push(
    el('circle', { class: 'dot good', cx: LABEL, cy: legendY - 4, r: 4 }), text(LABEL + 8, legendY, `${what} with interval`, { class: 'legend' }),
    el('circle', { class: 'raw', cx: LABEL + 180, cy: legendY - 4, r: 4 }), text(LABEL + 188, legendY, 'mean drift', { class: 'legend' }),
    ...(f.noise ? [el('rect', { class: 'noise', x: LABEL + 270, y: legendY - 9, width: 12, height: 10 }), text(LABEL + 287, legendY, 'noise floor (base vs base)', { class: 'legend' })] : []),
  )
  if (f.variants.length > rows.length) parts.push(text(8, legendY, `+${f.variants.length - rows.length} more variants`, { class: 'legend' }))
  return svg(WIDTH, height, title, ...parts)
}
