import { num } from './format.ts'
import type { RippleRecord } from './record.ts'
import { el, niceMax, scale, svg, text } from './svg.ts'

const HEIGHT = 210
const TOP = 28
const PLOT = 120
const COLUMN = 86
const LEFT = 44

/**
 * The ripple across stages as an SVG, in pipeline order: per stage a bar of
 * its largest mean drift next to its noise floor (band up to the upper
 * bound), the stage where drift first exceeds its noise marked. Stages use
 * different metrics, so each column names its metric under the stage.
 */
export function rippleChart(ripple: readonly RippleRecord[], firstExceeding: string | undefined, title: string): string {
  const width = LEFT + Math.max(1, ripple.length) * COLUMN + 16
  const top = niceMax(Math.max(0, ...ripple.filter((r) => !r.error).flatMap((r) => [r.drift, r.noiseUpper])) * 1.1)
  const y = scale(0, top, TOP + PLOT, TOP)
  const parts: string[] = []
  for (const t of [0, top / 2, top]) {
    parts.push(el('line', { class: 'grid', x1: LEFT, x2: width - 8, y1: y(t), y2: y(t) }), text(LEFT - 6, y(t) + 4, num(t), { class: 'tick', 'text-anchor': 'end' }))
  }
  ripple.forEach((r, i) => {
    const cx = LEFT + i * COLUMN + COLUMN / 2
    const first = r.stage === firstExceeding
    if (i > 0) parts.push(el('line', { class: 'arrow', x1: cx - COLUMN + 22, x2: cx - 22, y1: TOP + PLOT + 30, y2: TOP + PLOT + 30 }))
    parts.push(text(cx, TOP + PLOT + 20, r.stage.length > 12 ? `${r.stage.slice(0, 11)}…` : r.stage, { class: first ? 'label first' : 'label', 'text-anchor': 'middle' }))
    parts.push(text(cx, TOP + PLOT + 46, r.metric, { class: 'tick', 'text-anchor': 'middle' }))
    if (r.error) {
      parts.push(text(cx, TOP + PLOT - 6, 'n/a', { class: 'tick', 'text-anchor': 'middle' }, ))
      return
    }
    parts.push(
      el('rect', { class: 'noise', x: cx - 26, y: y(r.noiseUpper), width: 52, height: Math.max(1, y(0) - y(r.noiseUpper)) }),
      el('line', { class: 'noise-mean', x1: cx - 26, x2: cx + 26, y1: y(r.noise), y2: y(r.noise) }),
      el('rect', { class: `bar ${r.exceeds ? 'bad' : 'good'}`, x: cx - 12, y: y(r.drift), width: 24, height: Math.max(1, y(0) - y(r.drift)) },
        el('title', {}, `${r.stage} (${r.metric}): drift ${num(r.drift)} · noise ${num(r.noise)} (upper ${num(r.noiseUpper)})${r.exceeds ? ' · exceeds its noise floor' : ''}`)),
    )
    if (first) parts.push(text(cx, y(r.drift) - 8, '▼ first beyond noise', { class: 'first-mark', 'text-anchor': 'middle' }))
  })
  parts.push(text(LEFT, 14, 'drift (bar) vs noise floor (band)', { class: 'legend' }))
  return svg(width, HEIGHT, title, ...parts)
}
