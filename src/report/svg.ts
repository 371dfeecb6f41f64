/**
 * A very small SVG builder for the HTML report's charts. The charts are
 * rendered once, when the report is written, so the page needs no script,
 * no library and no network to show them.
 */

/** Escapes text for HTML and SVG content and attribute values. */
export function escapeHtml(s: string): string {
  return s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;')
}

type Attrs = Record<string, string | number | undefined>

/** One element: `el('rect', { x: 1 })`, children already rendered. */
export function el(tag: string, attrs: Attrs, ...children: string[]): string {
  const a = Object.entries(attrs)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${escapeHtml(typeof v === 'number' ? round(v) : v!)}"`)
    .join('')
  return children.length === 0 ? `<${tag}${a}/>` : `<${tag}${a}>${children.join('')}</${tag}>`
}

/** A text element, escaped. */
export function text(x: number, y: number, content: string, attrs: Attrs = {}): string {
  return el('text', { x, y, ...attrs }, escapeHtml(content))
}

// Two decimals are finer than a pixel and keep the file small.
const round = (v: number): string => String(Math.round(v * 100) / 100)

/** A linear map from `[d0, d1]` to `[r0, r1]`; a flat domain maps to `r0`. */
export function scale(d0: number, d1: number, r0: number, r1: number): (v: number) => number {
  const span = d1 - d0
  return (v) => (span === 0 ? r0 : r0 + ((v - d0) / span) * (r1 - r0))
}

/** A round upper end for an axis that must show `max`: 1, 2, 5 × 10^k. */
export function niceMax(max: number): number {
  if (!(max > 0)) return 1
  const step = 10 ** Math.floor(Math.log10(max))
  for (const m of [1, 2, 5, 10]) if (m * step >= max) return m * step
  return 10 * step
}

/** The root `<svg>` with a title for screen readers. */
export function svg(width: number, height: number, title: string, ...children: string[]): string {
  return el('svg', { xmlns: 'http://www.w3.org/2000/svg', viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'aria-label': title, class: 'chart' },
    el('title', {}, escapeHtml(title)), ...children)
}
